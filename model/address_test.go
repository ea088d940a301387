package model

import (
	"errors"
	"testing"
)

func TestAddresses(t *testing.T) {
	for _, tt := range []struct {
		addr string
		net  Network
	}{
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Mainnet},
		{"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", Mainnet},
		{"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Testnet},
		{"mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP", Testnet},
		{"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", Regtest},
	} {
		got, err := AddressNetwork(tt.addr)
		if err != nil || got != tt.net {
			t.Errorf("AddressNetwork(%s) = %s, %v; want %s", tt.addr, got, err, tt.net)
		}
	}
	for _, bad := range []string{"", "hello", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsy", "lntbs1xyz"} {
		if _, err := AddressNetwork(bad); !errors.Is(err, ErrNotAddress) {
			t.Errorf("AddressNetwork(%q) = %v", bad, err)
		}
	}
	if err := CheckAddress("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Mutinynet); err != nil {
		t.Errorf("tb1 on Mutinynet: %v", err)
	}
	if err := CheckAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Mutinynet); err == nil ||
		err.Error() != "address is for Mainnet but the wallet is on Mutinynet" {
		t.Errorf("mainnet address on Mutinynet: %v", err)
	}
	if err := CheckAddress("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Mainnet); err == nil ||
		err.Error() != "address is for a test network but the wallet is on Mainnet" {
		t.Errorf("test address on mainnet: %v", err)
	}
}

func TestBIP21(t *testing.T) {
	b, err := ParseBIP21("BITCOIN:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=0.00025&label=Shop&lightning=LNTBS250U1X")
	if err != nil || b.Amount != 25_000_000 || b.Lightning != "LNTBS250U1X" || b.Label != "Shop" {
		t.Fatalf("parsed %+v, %v", b, err)
	}
	if got := b.String(); got != "bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=0.00025&label=Shop&lightning=LNTBS250U1X" {
		t.Errorf("String = %s", got)
	}
	if b, err := ParseBIP21("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"); err != nil || b.Amount != 0 {
		t.Errorf("bare address: %+v %v", b, err)
	}
	for _, bad := range []string{"bitcoin:", "bitcoin:tb1qnotreal", "bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=-1",
		"bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?req-pop=1", "bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=1e3"} {
		if _, err := ParseBIP21(bad); err == nil {
			t.Errorf("ParseBIP21(%q) accepted", bad)
		}
	}
}
