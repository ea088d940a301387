// Package model is voltdash's domain: wallets, balances, payments and their
// life cycles, money, invoices, and the JSON shapes the Voltage Payments API
// puts on the wire. It does no IO and imports no other voltdash package, so
// the client, the simulator and the UI can all share one definition of each
// concept.
package model
