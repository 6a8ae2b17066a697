// Package ledger keeps accounts and the entries that move money between them.
package ledger

import (
	"errors"
	"sort"
	"sync"
)

// An Entry moves Amount cents from one account to another.
type Entry struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Amount int64  `json:"amount"`
}

// Ledger is an in-memory ledger, safe for concurrent use.
type Ledger struct {
	mu       sync.Mutex
	balances map[string]int64
}

func New() *Ledger {
	return &Ledger{balances: map[string]int64{}}
}

var ErrInvalid = errors.New("an entry needs two different accounts and a positive amount")

// Post records an entry.
func (l *Ledger) Post(e Entry) error {
	if e.From == "" || e.To == "" || e.From == e.To || e.Amount <= 0 {
		return ErrInvalid
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.balances[e.From] -= e.Amount
	l.balances[e.To] += e.Amount
	return nil
}

// Account is an account and its balance in cents.
type Account struct {
	Name    string `json:"name"`
	Balance int64  `json:"balance"`
}

// Accounts lists every account by name.
func (l *Ledger) Accounts() []Account {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Account, 0, len(l.balances))
	for name, balance := range l.balances {
		out = append(out, Account{Name: name, Balance: balance})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
