package main

import (
	"context"
	"errors"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/ui/cli"
)

// openRaw opens the account for voltdash api.
func openRaw(s config.Settings) (cli.RawAPI, error) {
	c, err := client(s)
	if err != nil {
		return nil, errors.New(api.Explain(err))
	}
	return rawAPI{backend{Client: c}}, nil
}

// rawAPI adapts api.Client.Raw to what voltdash api declares it needs. It
// has no send journal: sends go through the backend Connect opens.
type rawAPI struct{ backend }

func (a rawAPI) Raw(ctx context.Context, r cli.APIRequest) (cli.APIResponse, error) {
	resp, err := a.Client.Raw(ctx, api.RawRequest{Method: r.Method, Path: r.Path, Query: r.Query, Body: r.Body, KeyedCreate: r.KeyedCreate})
	out := cli.APIResponse{Status: resp.Status, Header: resp.Header, Body: resp.Body, AcceptedEarlier: resp.AcceptedEarlier}
	if resp.Status != 0 {
		out.StatusLine = resp.StatusLine()
	}
	return out, err
}
