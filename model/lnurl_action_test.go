package model

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// encryptAES is LUD-10's sender side: AES-256-CBC under the preimage,
// PKCS #7 padded, base64.
func encryptAES(t *testing.T, preimage, iv []byte, text string) (ct string) {
	t.Helper()
	block, err := aes.NewCipher(preimage)
	if err != nil {
		t.Fatal(err)
	}
	n := aes.BlockSize - len(text)%aes.BlockSize
	plain := append([]byte(text), bytes.Repeat([]byte{byte(n)}, n)...)
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

func TestLNURLSuccessActionAES(t *testing.T) {
	sum := sha256.Sum256([]byte("voltdash preimage"))
	preimage := sum[:]
	iv := []byte("0123456789abcdef")
	ivB64 := base64.StdEncoding.EncodeToString(iv)
	for _, text := range []string{"", "door code 4321", strings.Repeat("exactly16bytes!!", 2), "\x1b]52;c;evil\x07secret"} {
		body := `{"pr":"lnbc1x","successAction":{"tag":"aes","description":"Your code","iv":"` + ivB64 + `","ciphertext":"` + encryptAES(t, preimage, iv, text) + `"}}`
		inv, err := ParsePayInvoice([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := inv.SuccessAction.Decrypt(preimage)
		if err != nil || got != CleanText(text) {
			t.Errorf("%q: %q %v", text, got, err)
		}
		if inv.SuccessAction.Description != "Your code" {
			t.Errorf("description %q", inv.SuccessAction.Description)
		}
	}
	a := SuccessAction{Tag: ActionAES, IV: ivB64, Ciphertext: encryptAES(t, preimage, iv, "hello")}
	wrong := bytes.Repeat([]byte{7}, 32)
	for name, tt := range map[string]struct {
		a        SuccessAction
		preimage []byte
		says     string
	}{
		// One wrong key in 256 still ends in a valid padding byte of 1;
		// this one does not.
		"wrong preimage":   {a, wrong, "does not decrypt"},
		"short preimage":   {a, preimage[:16], "not 32 bytes"},
		"bad iv":           {SuccessAction{Tag: ActionAES, IV: "AAAA", Ciphertext: a.Ciphertext}, preimage, "wrong size"},
		"bad ciphertext":   {SuccessAction{Tag: ActionAES, IV: ivB64, Ciphertext: "AAAA"}, preimage, "wrong size"},
		"empty ciphertext": {SuccessAction{Tag: ActionAES, IV: ivB64}, preimage, "wrong size"},
		"not aes":          {SuccessAction{Tag: ActionMessage, Message: "x"}, preimage, "not an encrypted action"},
	} {
		_, err := tt.a.Decrypt(tt.preimage)
		if !errors.Is(err, ErrLNURLSuccessAction) || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestLNURLSuccessActionURL(t *testing.T) {
	inv, err := ParsePayInvoice([]byte(`{"pr":"lnbc1x","successAction":{"tag":"url","description":"Receipt\u202e","url":"https://Pay.Example.com/r/1?x=\u202e"}}`))
	if err != nil {
		t.Fatal(err)
	}
	a := inv.SuccessAction
	if a.Tag != ActionURL || a.Domain() != "pay.example.com" || strings.ContainsAny(a.URL, "\u202e") || a.Description != "Receipt" {
		t.Fatalf("%+v %q", a, a.Domain())
	}
	same := PayRequest{Callback: "https://pay.example.com/cb"}
	if err := CheckSuccessAction(same, a); err != nil {
		t.Errorf("same domain: %v", err)
	}
	elsewhere := PayRequest{Callback: "https://other.example/cb"}
	if err := CheckSuccessAction(elsewhere, a); !errors.Is(err, ErrLNURLSuccessAction) || !strings.Contains(err.Error(), "links to pay.example.com") {
		t.Errorf("other domain: %v", err)
	}
	if err := CheckSuccessAction(elsewhere, nil); err != nil {
		t.Errorf("none: %v", err)
	}
	long, err := ParsePayInvoice([]byte(`{"pr":"lnbc1x","successAction":{"tag":"message","message":"` + strings.Repeat("ä", 5000) + `"}}`))
	if err != nil || len([]rune(long.SuccessAction.Message)) != maxShownText {
		t.Errorf("long message: %v", err)
	}
}
