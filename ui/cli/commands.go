package cli

import (
	"flag"
	"time"
)

// commands is every subcommand; the empty name is the dashboard. Help and
// shell completion are generated from this table.
func commands() []command {
	return []command{
		{name: "", summary: "Run the full-screen dashboard; with no account configured, a demo on the built-in simulator.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.BoolVar(&o.demo, "demo", false, "run the demo even when an account is configured")
				fs.DurationVar(&o.Refresh, "refresh", 0, "how often balances and history refresh (default 10s)")
				fs.StringVar(&o.Theme, "theme", "", "auto, dark or light")
				fs.Float64Var(&o.dash.DemoActivity, "demo-activity", 0.1, "demo: background payments per second")
				fs.DurationVar(&o.dash.DemoAutopay, "demo-autopay", 4*time.Second, "demo: pay new invoices after this long (0: never)")
				fs.StringVar(&o.WebhookURL, "webhook-url", "", "push: the https address Voltage posts payment events to")
				fs.StringVar(&o.WebhookListen, "webhook-listen", "", "push: the local address that address reaches (default: the URL's, if local)")
				fs.BoolVar(&o.dash.NoPush, "no-push", false, "poll only: no webhook, even in the demo")
			}, run: runDashboard},
		{name: "wallets", summary: "List the wallets with their balances.", run: runWallets},
		{name: "history", summary: "List payments, newest first.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.wallet, "wallet", "", "only this wallet (name or id)")
				fs.StringVar(&o.statuses, "status", "", "only these statuses, comma-separated (completed, failed, expired, pending, …)")
				fs.StringVar(&o.direction, "direction", "", "send or receive")
				fs.StringVar(&o.kind, "kind", "", "bolt11, onchain or bip21")
				fs.StringVar(&o.since, "since", "", "only since: a duration (24h, 7d) or a date (2025-05-01)")
				fs.IntVar(&o.limit, "limit", 50, "at most this many payments")
				fs.BoolVar(&o.csv, "csv", false, "print CSV")
			}, run: runHistory},
		{name: "invoice", summary: "Create an invoice (or an address) and print it with its QR code.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.wallet, "wallet", "", "the wallet to receive into (name or id)")
				fs.StringVar(&o.amount, "amount", "", "the amount: 1500, 2.5k, 0.0001 btc; empty lets the payer choose")
				fs.StringVar(&o.memo, "memo", "", "the description the payer sees")
				fs.StringVar(&o.kind, "kind", "bolt11", "bolt11, onchain or bip21")
				fs.BoolVar(&o.wait, "wait", false, "wait until it is paid (exit 0) or expires (exit 1)")
				fs.DurationVar(&o.timeout, "timeout", 0, "with --wait, give up after this long (default: its expiry)")
				fs.BoolVar(&o.noQR, "no-qr", false, "do not print the QR code")
			}, run: runInvoice},
		{name: "pay", args: "INVOICE|ADDRESS|URI", summary: "Pay an invoice, address or bitcoin: URI, and wait for the outcome.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.wallet, "wallet", "", "the wallet to pay from (name or id)")
				fs.StringVar(&o.amount, "amount", "", "the amount, for invoices without one and addresses")
				fs.StringVar(&o.maxFee, "max-fee", "", "the most to pay in fees (default 1% of the amount, at least 1 sat)")
				fs.BoolVar(&o.yes, "yes", false, "pay without asking")
				fs.BoolVar(&o.again, "again", false, "pay even if the journal shows this invoice (or address and amount, within a day) already paid")
				fs.StringVar(&o.resend, "resend", "", "send again, with the same id, a payment Voltage never received")
				fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "give up after this long, from the confirmation on (the send journal keeps the payment)")
			}, run: runPay},
		{name: "resume", summary: "Follow the sends a crash left unfinished to their final status; never sends.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "stop following each send after this long")
			}, run: runResume},
		{name: "status", args: "PAYMENT_ID", summary: "Show a payment.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.BoolVar(&o.wait, "wait", false, "wait until it is final and exit by its outcome")
				fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "with --wait, give up after this long")
			}, run: runStatus},
		{name: "config", args: "init|check|path", summary: "Write a configuration template, check the configuration, or print its path.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.BoolVar(&o.force, "force", false, "init: replace an existing file")
			}, run: runConfig},
		{name: "completion", args: "bash|zsh|fish", summary: "Print a shell completion script.", run: runCompletion},
	}
}
