package model

import (
	"bytes"
	"encoding/json"
)

// Receipt is one leg of money moving for a payment. The SDK lists on-chain
// receipts as flat objects; newer API versions tag every item as
// {"type": ..., "data": {...}} and add lightning and wallet-to-wallet legs.
// Both forms decode into this one struct.
type Receipt struct {
	Type string // "onchain", "lightning", "shortcircuit", "swap", or newer

	// On-chain legs.
	RequiredConfirmations int
	TxID                  string
	HeightMinedAt         *int64
	AmountSats            int64

	// Lightning legs.
	Preimage    string
	PaymentHash string

	// Wallet-to-wallet legs inside Voltage.
	AmountMsats     MilliSats
	OffsetPaymentID string

	LedgerID string
	raw      json.RawMessage // other leg types, kept so they round-trip
}

type onchainReceiptWire struct {
	RequiredConfirmations int        `json:"required_confirmations_num"`
	TxID                  string     `json:"tx_id"`
	LedgerID              NullString `json:"ledger_id"`
	HeightMinedAt         *int64     `json:"height_mined_at"`
	AmountSats            int64      `json:"amount_sats"`
}

type lightningReceiptWire struct {
	Preimage    string `json:"preimage,omitempty"`
	PaymentHash string `json:"payment_hash,omitempty"`
	LedgerID    string `json:"ledger_id,omitempty"`
}

type shortcircuitReceiptWire struct {
	AmountMsats     MilliSats `json:"amount_msats"`
	OffsetPaymentID string    `json:"offset_payment_id"`
	LedgerID        string    `json:"ledger_id,omitempty"`
}

type taggedReceiptWire struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

func (r *Receipt) UnmarshalJSON(b []byte) error {
	var tag taggedReceiptWire
	if err := json.Unmarshal(b, &tag); err != nil {
		return err
	}
	if tag.Type == "" || len(tag.Data) == 0 {
		return r.fromOnchain(b) // the SDK's flat form
	}
	*r = Receipt{Type: tag.Type}
	switch tag.Type {
	case "onchain":
		return r.fromOnchain(tag.Data)
	case "lightning":
		var w lightningReceiptWire
		if err := json.Unmarshal(tag.Data, &w); err != nil {
			return err
		}
		r.Preimage, r.PaymentHash, r.LedgerID = w.Preimage, w.PaymentHash, w.LedgerID
	case "shortcircuit":
		var w shortcircuitReceiptWire
		if err := json.Unmarshal(tag.Data, &w); err != nil {
			return err
		}
		r.AmountMsats, r.OffsetPaymentID, r.LedgerID = w.AmountMsats, w.OffsetPaymentID, w.LedgerID
	default:
		r.raw = append(json.RawMessage(nil), bytes.TrimSpace(b)...)
	}
	return nil
}

func (r *Receipt) fromOnchain(b []byte) error {
	var w onchainReceiptWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = Receipt{Type: "onchain", RequiredConfirmations: w.RequiredConfirmations, TxID: w.TxID,
		LedgerID: string(w.LedgerID), HeightMinedAt: w.HeightMinedAt, AmountSats: w.AmountSats}
	return nil
}

// MarshalJSON writes every leg tagged, {"type": …, "data": {…}}, as the
// spec's receipt and outflow schemas do.
func (r Receipt) MarshalJSON() ([]byte, error) {
	switch r.Type {
	case "onchain", "":
		return marshalTagged("onchain", onchainReceiptWire{RequiredConfirmations: r.RequiredConfirmations,
			TxID: r.TxID, LedgerID: NullString(r.LedgerID), HeightMinedAt: r.HeightMinedAt, AmountSats: r.AmountSats})
	case "lightning":
		return marshalTagged(r.Type, lightningReceiptWire{r.Preimage, r.PaymentHash, r.LedgerID})
	case "shortcircuit":
		return marshalTagged(r.Type, shortcircuitReceiptWire{r.AmountMsats, r.OffsetPaymentID, r.LedgerID})
	}
	if r.raw != nil {
		return r.raw, nil
	}
	return marshalTagged(r.Type, struct{}{})
}

func marshalTagged(typ string, data any) ([]byte, error) {
	d, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	return json.Marshal(taggedReceiptWire{Type: typ, Data: d})
}
