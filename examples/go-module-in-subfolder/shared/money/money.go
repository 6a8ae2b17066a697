// Package money formats amounts kept in cents.
package money

import "fmt"

// Cents is an amount of money in the smallest unit of its currency.
type Cents int64

// Format writes c as "12.34 EUR".
func (c Cents) Format(currency string) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, c/100, c%100, currency)
}
