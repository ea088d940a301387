package sim

import (
	"encoding/hex"
	"sort"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
)

// The helpers below draw from the seeded generator; callers hold s.mu (or
// run before the simulator is shared).

func (s *Sim) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(s.rng.Uint32())
	}
	return b
}

func (s *Sim) newID() string {
	var u uuid.UUID
	copy(u[:], s.bytes(16))
	u[6] = (u[6] & 0x0f) | 0x40 // version 4
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	return u.String()
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (s *Sim) token(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[s.rng.IntN(len(alnum))]
	}
	return string(b)
}

func (s *Sim) hex32() string { return hex.EncodeToString(s.bytes(32)) }

func (s *Sim) newKey() *btcec.PrivateKey {
	key, _ := btcec.PrivKeyFromBytes(s.bytes(32))
	return key
}

// balanceID is stable per wallet, as a balance record would be.
func balanceID(walletID string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("balance/"+walletID)).String()
}

func sortHolds(hs []model.Hold) {
	sort.Slice(hs, func(i, j int) bool { return hs[i].EffectiveTime.Before(hs[j].EffectiveTime) })
}

func hexKey(k *btcec.PrivateKey) string { return hex.EncodeToString(k.PubKey().SerializeCompressed()) }
