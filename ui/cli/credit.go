package cli

import (
	"context"

	"github.com/voltdash/voltdash/model"
)

// runCredit lists the environment's lines of credit, or changes a staging
// line's limit (--set-limit) or disables it (--disable), as the staging
// guide has people do to try wallets with more or less credit.
func runCredit(r *runner) int {
	if code, ok := r.connect(); !ok {
		return code
	}
	lines, err := call(r, r.b.LinesOfCredit)
	if err != nil {
		return r.failErr("reading the lines of credit", err)
	}
	if r.o.setLimit == "" && !r.o.disable {
		return r.printLines(lines)
	}
	line, problem := model.FindLine(r.o.line, lines, false)
	if problem != "" {
		return r.fail(ExitUsage, "--line: %s", problem)
	}
	if line.Network.IsReal() {
		return r.fail(ExitUsage, "%v", errNoSandbox)
	}
	var u model.SandboxCreditUpdate
	if r.o.setLimit != "" {
		limit, err := model.ParsePositiveMilliSats(r.o.setLimit)
		switch {
		case err != nil:
			return r.fail(ExitUsage, "--set-limit: %v", err)
		case limit < line.AllocatedLimit:
			return r.fail(ExitUsage, "--set-limit: wallets already take %s of this line; give at least that, or lower their limits first",
				amountText(line.AllocatedLimit, r.set.Unit))
		}
		u.Limit = &limit
	}
	if r.o.disable {
		if !r.o.yes && !(r.d.Interactive && r.ask("Disable line of credit "+short(line.ID)+"? No wallet can draw on it after.")) {
			return r.fail(ExitUsage, "the line of credit was not disabled (add --yes to disable it without asking)")
		}
		on := true
		u.Disable = &on
	}
	if _, err := call(r, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, r.b.UpdateSandboxLineOfCredit(ctx, line.ID, u)
	}); err != nil {
		return r.failErr("changing the line of credit", err)
	}
	if lines, err = call(r, r.b.LinesOfCredit); err != nil {
		return r.failErr("reading the lines of credit", err)
	}
	return r.printLines(lines)
}

func (r *runner) printLines(lines []model.LineOfCredit) int {
	u := r.set.Unit
	if r.o.json {
		type lineJSON struct {
			ID         string          `json:"id"`
			Network    model.Network   `json:"network"`
			Limit      model.MilliSats `json:"limit_msats"`
			Allocated  model.MilliSats `json:"allocated_msats"`
			Free       model.MilliSats `json:"free_msats"`
			Collateral string          `json:"collateral"`
			Disabled   bool            `json:"disabled"`
		}
		out := make([]lineJSON, len(lines))
		for i, l := range lines {
			out[i] = lineJSON{l.ID, l.Network, l.Limit, l.AllocatedLimit, max(l.Unallocated(), 0), l.Status.String(), l.DisabledAt != nil}
		}
		r.printJSON(out)
		return ExitOK
	}
	if len(lines) == 0 {
		say(r.d.Stdout, "This environment has no line of credit.\n")
		return ExitOK
	}
	t := table{head: []string{"LINE", "NETWORK", "LIMIT", "TAKEN BY WALLETS", "FREE", "COLLATERAL", "STATE"},
		right: []bool{false, false, true, true, true, false, false}}
	for _, l := range lines {
		state := "active"
		if l.DisabledAt != nil {
			state = "disabled"
		}
		t.add(l.ID, l.Network.Label(), l.Limit.Figure(u), l.AllocatedLimit.Figure(u), max(l.Unallocated(), 0).Figure(u), l.Status.String(), state)
	}
	t.print(r.d.Stdout)
	return ExitOK
}

// short abbreviates an id for a sentence.
func short(id string) string {
	if len(id) <= 8 {
		return id
	}
	return id[:8] + "…"
}
