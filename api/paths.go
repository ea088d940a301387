package api

import (
	"fmt"
	"net/url"

	"github.com/google/uuid"
)

func (c *Client) orgPath(parts ...string) string {
	p := "/organizations/" + url.PathEscape(c.org)
	for _, s := range parts {
		p += "/" + url.PathEscape(s)
	}
	return p
}

func (c *Client) envPath(parts ...string) string {
	return c.orgPath(append([]string{"environments", c.env}, parts...)...)
}

// checkID refuses an id that is not a UUID before it is put in a path, so a
// typo is reported as such instead of as a confusing 404. What was typed is
// quoted, minus anything that could be the key pasted in the wrong place.
func (c *Client) checkID(what, id string) error {
	if uuid.Validate(id) != nil {
		return fmt.Errorf("%s id %q is not a UUID", what, c.redact(id))
	}
	return nil
}
