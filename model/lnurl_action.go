package model

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
)

// Success action tags (LUD-09, LUD-10).
const (
	ActionMessage = "message"
	ActionURL     = "url"
	ActionAES     = "aes"
)

// SuccessAction is what a service asks the payer to show once its invoice
// is paid (LUD-09). Message and Description are cleaned (CleanText) and
// cut short when read; URL is shown as text with its domain, never opened
// by voltdash; an aes action's text is read with Decrypt and the preimage.
// Its JSON is the send journal's.
type SuccessAction struct {
	Tag         string `json:"tag"`                   // ActionMessage, ActionURL or ActionAES
	Message     string `json:"message,omitempty"`     // message
	Description string `json:"description,omitempty"` // url, aes
	URL         string `json:"url,omitempty"`         // url: http(s), cleaned
	// Ciphertext and IV are an aes action's, base64 as received (LUD-10).
	Ciphertext string `json:"ciphertext,omitempty"`
	IV         string `json:"iv,omitempty"`
}

type successActionWire struct {
	Tag         string `json:"tag"`
	Message     string `json:"message"`
	Description string `json:"description"`
	URL         string `json:"url"`
	Ciphertext  string `json:"ciphertext"`
	IV          string `json:"iv"`
}

// maxCiphertext is LUD-10's bound on an aes action's ciphertext (4 KiB of
// base64).
const maxCiphertext = 4 << 10

// parseSuccessAction reads a success action; one of a tag voltdash does
// not know is dropped (nil, nil): it changes nothing about the payment.
func parseSuccessAction(raw json.RawMessage) (*SuccessAction, error) {
	bad := func(why string) (*SuccessAction, error) {
		return nil, lnurlErr(ErrLNURLSuccessAction, "the service's success action %s", why)
	}
	var w successActionWire
	if err := json.Unmarshal(raw, &w); err != nil {
		return bad("is not the JSON it should be")
	}
	a := &SuccessAction{Tag: w.Tag, Description: CutText(CleanText(w.Description), maxShownText)}
	switch w.Tag {
	case ActionMessage:
		a.Message = CutText(CleanText(w.Message), maxShownText)
	case ActionURL:
		u, err := url.Parse(w.URL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
			return bad("has a link that is not a web address")
		}
		a.URL = CleanText(u.String())
	case ActionAES:
		iv, err1 := base64.StdEncoding.DecodeString(w.IV)
		ct, err2 := base64.StdEncoding.DecodeString(w.Ciphertext)
		switch {
		case err1 != nil || len(iv) != aes.BlockSize:
			return bad("has an iv that is not 16 bytes of base64")
		case err2 != nil || len(ct) == 0 || len(ct)%aes.BlockSize != 0 || len(w.Ciphertext) > maxCiphertext:
			return bad("has a ciphertext that is not whole AES blocks of base64 (at most 4 KiB)")
		}
		a.IV, a.Ciphertext = w.IV, w.Ciphertext
	default:
		return nil, nil
	}
	return a, nil
}

// Domain is the host a url action links to, to show beside the link so
// that a person sees where it goes before opening it themselves.
func (a SuccessAction) Domain() string {
	u, err := url.Parse(a.URL)
	if err != nil {
		return ""
	}
	return CleanText(strings.ToLower(u.Hostname()))
}

// CheckSuccessAction holds a url action to LUD-09, which puts its link on
// the callback's domain: a link elsewhere is a service pointing its payers
// at someone else.
func CheckSuccessAction(pr PayRequest, a *SuccessAction) error {
	if a == nil || a.Tag != ActionURL {
		return nil
	}
	cb, err := url.Parse(pr.Callback)
	if err != nil || !strings.EqualFold(cb.Hostname(), a.Domain()) {
		return lnurlErr(ErrLNURLSuccessAction, "the service's success action links to %s, not to its own domain", a.Domain())
	}
	return nil
}

// Decrypt is an aes action's text (LUD-10): AES-256-CBC under the
// payment's 32-byte preimage, PKCS #7 padded, cleaned to show.
func (a SuccessAction) Decrypt(preimage []byte) (string, error) {
	bad := func(why string) (string, error) {
		return "", lnurlErr(ErrLNURLSuccessAction, "the service's secret message cannot be read: %s", why)
	}
	if a.Tag != ActionAES {
		return bad("it is not an encrypted action")
	}
	if len(preimage) != 32 {
		return bad("the preimage is not 32 bytes")
	}
	iv, err1 := base64.StdEncoding.DecodeString(a.IV)
	ct, err2 := base64.StdEncoding.DecodeString(a.Ciphertext)
	if err1 != nil || err2 != nil || len(iv) != aes.BlockSize || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return bad("its iv or ciphertext has the wrong size")
	}
	block, err := aes.NewCipher(preimage)
	if err != nil {
		return bad("the preimage is not an AES key")
	}
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	n := int(plain[len(plain)-1])
	if n == 0 || n > aes.BlockSize || !bytes.Equal(plain[len(plain)-n:], bytes.Repeat([]byte{byte(n)}, n)) {
		return bad("it does not decrypt with this payment's preimage")
	}
	return CutText(CleanText(string(plain[:len(plain)-n])), maxShownText), nil
}
