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
		{name: "pos", summary: "Run a point of sale: a keypad, a large QR code for the payer, Paid ✓. It cannot send money.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.dash.POSWallet, "wallet", "", "the wallet sales go into (name or id; default the first)")
				fs.StringVar(&o.dash.POSCurrency, "currency", "", "usd or sats (default usd when there is a price service)")
				fs.Float64Var(&o.dash.DemoActivity, "demo-activity", 0, "demo: background payments per second")
				fs.DurationVar(&o.dash.DemoAutopay, "demo-autopay", 4*time.Second, "demo: pay new invoices after this long (0: never)")
				fs.BoolVar(&o.dash.NoPush, "no-push", false, "poll only: no webhook, even in the demo")
			}, run: runPOS,
			examples: []string{
				"voltdash pos --wallet 'Coffee shop till' --currency usd",
				"voltdash pos --demo --currency sats",
			}},
		{name: "wallets", summary: "List the wallets with their balances.", run: runWallets},
		{name: "history", summary: "List payments, newest first.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.wallet, "wallet", "", "only this wallet (name or id)")
				fs.StringVar(&o.statuses, "status", "", "only these statuses, comma-separated (completed, failed, expired, pending, …)")
				fs.StringVar(&o.direction, "direction", "", "send or receive")
				fs.StringVar(&o.kind, "kind", "", "bolt11, onchain or bip21")
				fs.StringVar(&o.since, "since", "", "only since: a duration (24h, 7d) or a date (2025-05-01)")
				fs.IntVar(&o.limit, "limit", 50, "at most this many payments")
				fs.BoolVar(&o.all, "all", false, "every payment, page by page to the end (instead of --limit)")
				fs.Var(&o.metadata, "metadata", "only payments whose metadata has this key=value; repeat for more")
				fs.BoolVar(&o.csv, "csv", false, "print CSV, each page as it arrives")
				fs.BoolVar(&o.ndjson, "ndjson", false, "print one JSON object per payment per line, each page as it arrives")
				fs.StringVar(&o.fiat, "fiat", "", "usd: add each payment's value in dollars at the BTCUSD price of the minute it was made")
			}, run: runHistory,
			examples: []string{
				"voltdash history --wallet Till --since 7d",
				"voltdash history --status completed --csv --fiat usd > payments.csv",
				"voltdash history --limit 200 --json --fiat usd",
				"voltdash history --all --ndjson | jq -r 'select(.status == \"failed\") | .id'",
				"voltdash history --unit usd",
			}},
		{name: "report", summary: "Print money in and out per day, week or month, fees, success rates, failure reasons, the balance line and the ledger's reconciliation.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.wallet, "wallet", "", "only this wallet (name or id; default all, their balances summed)")
				fs.StringVar(&o.since, "since", "", "the range up to now: a duration (24h, 30d) or a date (default 30d)")
				fs.Var(&o.from, "from", "the range from this date (2026-11-01, local midnight) or time (RFC 3339)")
				fs.Var(&o.to, "to", "with --from, up to this date, the whole day included, or time (default now)")
				fs.StringVar(&o.by, "by", "day", "one row per day, week (from Monday) or month (or hour), in the local time zone")
				fs.BoolVar(&o.csv, "csv", false, "print CSV: one row per period, amounts in msats")
			}, run: runReport,
			examples: []string{
				"voltdash report --wallet Till --since 7d",
				"voltdash report --from 2026-10-01 --to 2026-12-31 --by month --csv > q4.csv",
				"voltdash report --since 90d --by week --json",
			}},
		{name: "invoice", summary: "Create an invoice (or an address) and print it with its QR code.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.wallet, "wallet", "", "the wallet to receive into (name or id)")
				fs.StringVar(&o.amount, "amount", "", "the amount: 1500, 2.5k, 0.0001 btc, or dollars ($4.50, 5 usd) in whole sats at the latest BTCUSD price; empty lets the payer choose")
				fs.StringVar(&o.memo, "memo", "", "the description the payer sees")
				fs.StringVar(&o.kind, "kind", "bolt11", "bolt11, onchain or bip21")
				fs.Var(&o.expiry, "expiry", "how long it can be paid, from 1s to 24h: 90s, 10m, 2h (default 1h, as Voltage)")
				fs.BoolVar(&o.wait, "wait", false, "wait until it is paid (exit 0) or expires (exit 1)")
				fs.DurationVar(&o.timeout, "timeout", 0, "with --wait, give up after this long (default: its expiry)")
				fs.BoolVar(&o.noQR, "no-qr", false, "do not print the QR code")
				fs.Var(&o.metadata, "metadata", "a key=value pair Voltage keeps with the payment and echoes back; repeat for more (up to 50, each side up to 256 characters)")
			}, run: runInvoice,
			examples: []string{
				"voltdash invoice --wallet Till --amount 2.5k --memo 'Coffee'",
				"voltdash invoice --wallet Till --amount '$4.50' --memo 'Coffee' --wait",
				"voltdash invoice --wallet Till --amount 2.5k --expiry 10m",
				"voltdash invoice --wallet Till --amount '5 usd' --json",
				"voltdash invoice --wallet Till --amount 2.5k --metadata order=1042 --metadata till=2",
				"voltdash invoice --wallet Till --kind onchain --amount 0.001btc --no-qr",
			}},
		{name: "pay", args: "INVOICE|ADDRESS|URI|NAME@DOMAIN|LNURL", summary: "Pay an invoice, address, bitcoin: URI, Lightning Address or LNURL, and wait for the outcome.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.wallet, "wallet", "", "the wallet to pay from (name or id)")
				fs.StringVar(&o.amount, "amount", "", "the amount, for invoices without one, addresses and Lightning Addresses: 1500, 2.5k, 0.0001 btc, or dollars ($4.50, 5 usd) at the latest BTCUSD price")
				fs.StringVar(&o.comment, "comment", "", "a Lightning Address or LNURL: a comment for the payee, if its service takes one (LUD-12)")
				fs.StringVar(&o.maxFee, "max-fee", "", "the most to pay in fees (default 1% of the amount, at least 1 sat)")
				fs.BoolVar(&o.yes, "yes", false, "pay without asking")
				fs.BoolVar(&o.again, "again", false, "pay even if the journal shows this invoice (or address and amount, within a day) already paid")
				fs.StringVar(&o.resend, "resend", "", "send again, with the same id, a payment Voltage never received")
				fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "give up after this long, from the confirmation on (the send journal keeps the payment)")
				fs.BoolVar(&o.dryRun, "dry-run", false, "check everything pay checks, Voltage's policy check included, and print the plan; send nothing")
				fs.BoolVar(&o.dryRun, "n", false, "the same as --dry-run")
				fs.Var(&o.metadata, "metadata", "a key=value pair Voltage keeps with the payment and echoes back; repeat for more (up to 50, each side up to 256 characters)")
			}, run: runPay,
			examples: []string{
				"voltdash pay --wallet Payouts lntbs1…",
				"voltdash pay -n --wallet Payouts --amount 2100 alice@example.com   # checks and shows the plan; sends nothing",
				"voltdash pay --wallet Payouts --amount '$20' --yes lntbs1…   # an invoice without an amount",
				"voltdash pay --wallet Payouts --amount 50k --max-fee 100 --metadata invoice=INV-7 tb1q…",
				"voltdash pay --wallet Payouts --amount 2100 --comment 'Thanks!' alice@example.com",
				"voltdash pay --wallet Payouts --amount '$5' lightning:LNURL1…",
				"voltdash pay --resend 6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9",
			}},
		{name: "wallet", args: "create|rename|delete|policies|ledger [WALLET] [NEW_NAME]", summary: "Create, rename or delete a wallet, show or change its policies, or print its ledger.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.wallet, "wallet", "", "the wallet (name or id); or give it after the action")
				fs.StringVar(&o.name, "name", "", "create, rename: the wallet's name (3 to 256 characters, unique)")
				fs.StringVar(&o.line, "line", "", "create: the line of credit to draw on (default: the only one)")
				fs.StringVar(&o.creditLimit, "limit", "", "create: the credit limit, such as 500k (default: all the line's free credit); ledger: how many entries (default 50)")
				fs.Var(&o.metadata, "metadata", "create: a key=value pair to keep with the wallet; repeat for more")
				fs.Var(&o.sets, "set", "policies: change one, such as max_payment_size_sats=50000 or transactions_per_minute=none; repeat for more")
				fs.BoolVar(&o.wait, "wait", false, "create: wait until Voltage has made the wallet")
				fs.BoolVar(&o.yes, "yes", false, "delete: delete without asking for the name")
				fs.BoolVar(&o.csv, "csv", false, "ledger: print CSV")
			}, run: runWallet,
			examples: []string{
				"voltdash wallet create --name Float --limit 500k --metadata team=ops --wait",
				"voltdash wallet rename Float Drawer",
				"voltdash wallet policies Drawer --set max_payment_size_sats=50000 --set transactions_per_minute=none",
				"voltdash wallet ledger Drawer --limit 200 --csv > ledger.csv",
				"voltdash wallet delete Drawer --yes",
			}},
		{name: "credit", summary: "List the lines of credit; on staging, change a line's limit or disable it.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.line, "line", "", "the line of credit (default: the only one)")
				fs.StringVar(&o.setLimit, "set-limit", "", "staging: the line's new limit, such as 2 btc")
				fs.BoolVar(&o.disable, "disable", false, "staging: disable the line; no wallet can draw on it after")
				fs.BoolVar(&o.yes, "yes", false, "disable without asking")
			}, run: runCredit,
			examples: []string{"voltdash credit", "voltdash credit --set-limit 2btc", "voltdash credit --disable --yes"}},
		{name: "webhooks", args: "list|create|update|delete|start|stop|test|rotate-key [WEBHOOK]", summary: "List and manage the environment's webhooks.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.url, "url", "", "create, update: the https address deliveries go to (http only to this machine)")
				fs.StringVar(&o.name, "name", "", "create, update: a name for it")
				fs.StringVar(&o.events, "events", "", "create, update: all, or some of receive.completed,send.failed,… (default all)")
				fs.StringVar(&o.secretFile, "secret-file", "", "create, rotate-key: write the signing secret to this new file (mode 600) instead of the terminal")
				fs.StringVar(&o.memo, "text", "", "test: the test event's text")
				fs.BoolVar(&o.yes, "yes", false, "delete: without asking")
			}, run: runWebhooks,
			examples: []string{
				"voltdash webhooks create --url https://shop.example/voltage --events receive.completed,send.failed --secret-file hook.secret",
				"voltdash webhooks list --json",
				"voltdash webhooks test shop",
				"voltdash webhooks rotate-key shop --secret-file new.secret",
				"voltdash webhooks stop shop",
			}},
		{name: "deliveries", args: "list|summary|show|retry|abandon WEBHOOK [DELIVERY]", summary: "Read a webhook's deliveries, and retry or abandon one.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.statuses, "status", "", "list: only these statuses, comma-separated (succeeded, failed, attempting, abandoned)")
				fs.IntVar(&o.limit, "limit", 50, "list: at most this many deliveries")
			}, run: runDeliveries,
			examples: []string{
				"voltdash deliveries summary shop",
				"voltdash deliveries list shop --status failed",
				"voltdash deliveries show shop 0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
				"voltdash deliveries retry shop 0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
			}},
		{name: "listen", summary: "Take webhook deliveries on this machine: verify each, print it, and pass it on to your application.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.listenAddr, "listen", "127.0.0.1:8787", "the local address to take deliveries on")
				fs.StringVar(&o.secretEnv, "secret-env", "", "the environment variable holding the webhook's signing secret (default "+defaultSecretEnv+")")
				fs.StringVar(&o.secretFile, "secret-file", "", "a file (mode 600) holding the signing secret, instead of the environment")
				fs.StringVar(&o.forwardTo, "forward-to", "", "pass verified deliveries on to this local URL, headers and body as they came")
			}, run: runListen,
			examples: []string{
				"voltdash listen --secret-file hook.secret",
				"VOLTAGE_WEBHOOK_SECRET=vltg_… voltdash listen --listen 127.0.0.1:9000 --forward-to http://localhost:3000/hooks --json",
			}},
		{name: "price", summary: "Print the BTCUSD price: the latest, or a past minute's.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.at, "at", "", "the minute to quote: a time (2026-05-01T14:05:00Z), a date, or how long ago (90m, 7d)")
			}, run: runPrice,
			examples: []string{"voltdash price", "voltdash price --at 2026-05-01T14:05:00Z --json", "voltdash price --at 24h"}},
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
		{name: "api", args: "METHOD PATH", summary: "Make any request of Voltage's API with the account's credentials, checked against its spec first.",
			flags: apiFlags, run: runAPI,
			examples: []string{
				"voltdash api GET /organizations/{org}/wallets",
				"voltdash api GET /organizations/{org}/environments/{env}/payments --query 'statuses[]=completed' --query limit=10",
				"voltdash api POST /organizations/{org}/environments/{env}/payments --data @receive.json   # the id is made and printed first",
				"voltdash api -n PATCH /organizations/{org}/wallets/WALLET_ID --data '{\"name\":\"Till\"}'",
			}},
		{name: "completion", args: "bash|zsh|fish|powershell", summary: "Print a shell completion script.", run: runCompletion},
		{name: "man", summary: "Print the manual page, voltdash(1), in roff.", run: runMan,
			examples: []string{"voltdash man | man -l -", "voltdash man > ~/.local/share/man/man1/voltdash.1"}},
	}
}
