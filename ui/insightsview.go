package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

// eighths are the bar tops, from an eighth of a cell to a whole one.
var eighths = []rune{'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'}

func (v *insightsScreen) view() string {
	if v.loading || v.in == nil { // a spinner turns
		return v.draw()
	}
	f := insightsFrame{version: v.version, width: v.width, height: v.height, lens: v.s.lens()}
	if d := v.drawn; d.version == f.version && d.width == f.width && d.height == f.height && d.lens == f.lens {
		return d.text
	}
	f.text = v.draw()
	v.drawn = f
	return f.text
}

func (v *insightsScreen) draw() string {
	st, r := v.s.st, insightRanges[v.rangeIdx]
	who := "all wallets"
	if v.s.selected != "" {
		who = v.s.walletName(v.s.selected)
	}
	var ranges []string
	for i, x := range insightRanges {
		if i == v.rangeIdx {
			ranges = append(ranges, st.Bold.Render("["+x.label+"]"))
		} else {
			ranges = append(ranges, st.Muted.Render(x.label))
		}
	}
	head := spread(st.BoxTitle.Render("Insights")+st.Muted.Render(" · "+who+" · by "+string(r.period)),
		strings.Join(ranges, " ")+st.Muted.Render("  ←/→"), v.width)
	if v.in == nil {
		return head + "\n\n" + st.Muted.Render(spinner(v.s.now)+" reading…")
	}
	lines := []string{head}
	lines = append(lines, v.figures()...)
	room := v.height - len(lines) - 4 // the x axis, the balance line, the ledger, a blank
	if room >= 3 {
		lines = append(lines, "")
		lines = append(lines, v.bars(min(room-1, 10))...)
	}
	lines = append(lines, v.balance()...)
	lines = append(lines, v.ledgerLine())
	return strings.Join(lines, "\n")
}

// figures are the range's totals in words.
func (v *insightsScreen) figures() []string {
	st, in, l := v.s.st, v.in, v.s.lens()
	t := in.Totals()
	fees := money(t.Fees, l)
	if bp, ok := in.FeeShare().BasisPoints(); ok {
		fees += " (" + model.Percent(bp) + " of sent)"
	}
	sends := "no sends"
	if s := in.SendSuccess(); s.Den > 0 {
		bp, _ := s.BasisPoints()
		sends = itoa(int(s.Num)) + " of " + itoa(int(s.Den)) + " sends completed (" + model.Percent(bp) + ")"
	}
	median := ""
	if d, ok := in.MedianToComplete(model.Send); ok {
		median = " · median send " + shortDuration(d)
	}
	if d, ok := in.MedianToComplete(model.Receive); ok {
		median += " · median receive paid in " + shortDuration(d)
	}
	out := []string{
		fit(st.Label.Render("In ")+st.In.Render(money(t.In, l))+st.Muted.Render(" ("+itoa(t.Received)+")")+
			st.Label.Render("  Out ")+st.Out.Render(money(t.Out, l))+st.Muted.Render(" ("+itoa(t.Sent)+")")+
			st.Label.Render("  Fees ")+fees, v.width, false),
		fit(sends+median, v.width, false),
	}
	if f := in.TopFailures(3); len(f) > 0 {
		var parts []string
		for _, x := range f {
			parts = append(parts, model.CleanText(x.Text())+" ×"+itoa(x.Count))
		}
		out = append(out, fit(st.Failure.Render("Failed: ")+strings.Join(parts, " · "), v.width, false))
	}
	out = append(out, fit(st.Muted.Render("By status ")+counts(statusCounts(t.ByStatus))+st.Muted.Render("  by kind ")+counts(kindCounts(t.ByKind)), v.width, false))
	return out
}

func statusCounts(m map[model.Status]int) [][2]string {
	var out [][2]string
	for _, s := range []model.Status{model.StatusCompleted, model.StatusFailed, model.StatusExpired} {
		if m[s] > 0 {
			out = append(out, [2]string{statusWord(s), itoa(m[s])})
		}
	}
	pending := 0
	for s, n := range m {
		if !s.IsFinal() {
			pending += n
		}
	}
	if pending > 0 {
		out = append(out, [2]string{"pending", itoa(pending)})
	}
	return out
}

func kindCounts(m map[model.Kind]int) [][2]string {
	var out [][2]string
	for _, k := range []model.Kind{model.Bolt11, model.Onchain, model.Bip21} {
		if m[k] > 0 {
			out = append(out, [2]string{string(k), itoa(m[k])})
		}
	}
	return out
}

func counts(pairs [][2]string) string {
	if len(pairs) == 0 {
		return "none"
	}
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p[0] + " " + p[1]
	}
	return strings.Join(parts, " · ")
}

// bars draws money in and out per bucket side by side, height rows tall,
// the axis labelled in the unit shown; only the buckets that fit, newest
// at the right.
func (v *insightsScreen) bars(height int) []string {
	st, l := v.s.st, v.s.lens()
	buckets := v.in.Buckets()
	label := 14 // the scale at the left
	cell := 3   // in, out, a gap
	if (v.width-label)/cell < len(buckets) {
		cell = 2
	}
	if n := (v.width - label) / cell; n < len(buckets) {
		buckets = buckets[len(buckets)-n:]
	}
	var top model.MilliSats
	for _, b := range buckets {
		top = max(top, b.In, b.Out)
	}
	if top == 0 {
		return []string{st.Muted.Render("  nothing moved in this range")}
	}
	rows := make([]strings.Builder, height)
	for _, b := range buckets {
		for i := range rows {
			level := height - 1 - i // 0 is the bottom row
			rows[i].WriteString(st.In.Render(string(barCell(b.In, top, level, height))))
			rows[i].WriteString(st.Out.Render(string(barCell(b.Out, top, level, height))))
			if cell == 3 {
				rows[i].WriteByte(' ')
			}
		}
	}
	out := make([]string, 0, height+1)
	for i := range rows {
		scale := ""
		switch i {
		case 0:
			scale = amount(top, l)
		case height - 1:
			scale = "0"
		}
		out = append(out, fit(scale, label-2, true)+" "+st.Faint.Render("│")+rows[i].String())
	}
	out = append(out, strings.Repeat(" ", label)+v.axis(buckets, cell)+st.Muted.Render("  "+l.Name()+" · ")+st.In.Render("█ in")+" "+st.Out.Render("█ out"))
	return out
}

// barCell is one cell of a bar of m (of top), at level of height rows:
// full, part (in eighths) or empty.
func barCell(m, top model.MilliSats, level, height int) rune {
	eighthsTall := int((int64(m)*int64(height)*8 + int64(top) - 1) / int64(top)) // rounded up: a payment is never invisible
	if m == 0 {
		eighthsTall = 0
	}
	switch filled := eighthsTall - level*8; {
	case filled >= 8:
		return '█'
	case filled > 0:
		return eighths[filled-1]
	}
	return ' '
}

// axis labels the first bucket, and others where there is room.
func (v *insightsScreen) axis(buckets []model.InsightBucket, cell int) string {
	width := len(buckets) * cell
	line := []rune(strings.Repeat(" ", width))
	longest := 0
	for _, b := range buckets {
		longest = max(longest, len([]rune(bucketLabel(b.Start, v.in))))
	}
	step := (longest + cell) / cell // a space between labels, on bucket bounds
	for i := 0; i < len(buckets); i += step {
		text := []rune(bucketLabel(buckets[i].Start, v.in))
		if at := i * cell; at+len(text) <= width {
			copy(line[at:], text)
		}
	}
	return v.s.st.Muted.Render(string(line))
}

func bucketLabel(t time.Time, in *model.Insights) string {
	_, _, p, loc := in.Range()
	t = t.In(loc)
	switch p {
	case model.PeriodHour:
		return t.Format("15h")
	case model.PeriodDay:
		return t.Format("Jan 2")
	}
	return t.Format("Jan 2")
}

// balance is the balance line from the ledger: each bucket's close, and
// the range's low and high.
func (v *insightsScreen) balance() []string {
	st, l := v.s.st, v.s.lens()
	if !v.in.HasLedger() || v.ledgerEntries == 0 {
		if v.in.HasLedger() {
			return []string{st.Muted.Render("Balance  the ledger has no entries")}
		}
		if v.loading {
			return []string{st.Muted.Render("Balance  " + spinner(v.s.now) + " reading the ledger…")}
		}
		return []string{st.Muted.Render("Balance  no ledger read")}
	}
	buckets := v.in.Buckets()
	var lo, hi model.MilliSats
	for i, b := range buckets {
		if i == 0 || b.Low < lo {
			lo = b.Low
		}
		if i == 0 || b.High > hi {
			hi = b.High
		}
	}
	width := max(v.width-40, 8)
	if len(buckets) > width {
		buckets = buckets[len(buckets)-width:]
	}
	var line strings.Builder
	for _, b := range buckets {
		level := 0
		if hi > lo {
			level = int(int64(b.Close-lo) * 7 / int64(hi-lo))
		}
		line.WriteRune(eighths[level])
	}
	return []string{st.Label.Render("Balance  ") + st.In.Render(line.String()) + st.Muted.Render("  low "+money(lo, l)+" · high "+money(hi, l))}
}

// ledgerLine says whether each wallet's ledger accounts for its balance.
func (v *insightsScreen) ledgerLine() string {
	st, l := v.s.st, v.s.lens()
	if len(v.recon) == 0 {
		return ""
	}
	var parts []string
	for _, r := range v.recon {
		name := model.CleanText(v.s.walletName(r.WalletID))
		switch {
		case r.Agree && r.HoldsAgree:
			parts = append(parts, st.Success.Render("✓ ")+name)
		case r.FirstBad >= 0:
			parts = append(parts, st.Failure.Render("✗ ")+name+": entry "+itoa(r.FirstBad+1)+" "+model.CleanText(r.FirstBadWhy))
		case !r.Agree:
			parts = append(parts, st.Failure.Render("✗ ")+name+" differs by "+money(r.Difference, l))
		default:
			parts = append(parts, st.WarnText.Render("? ")+name+": holds differ")
		}
	}
	return fit(st.Label.Render("Ledger   ")+strings.Join(parts, " · "), v.width, false)
}

// shortDuration is a duration as people read it: "2.4s", "3m 10s", "2h 5m".
func shortDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	case d < time.Hour:
		return itoa(int(d/time.Minute)) + "m " + itoa(int(d%time.Minute/time.Second)) + "s"
	}
	return itoa(int(d/time.Hour)) + "h " + itoa(int(d%time.Hour/time.Minute)) + "m"
}
