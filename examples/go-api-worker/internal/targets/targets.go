// Package targets reads the list of URLs pulse checks.
package targets

import (
	"os"
	"strings"
	"time"
)

// FromEnv returns the URLs in PULSE_TARGETS (comma or space separated).
func FromEnv() []string {
	raw := os.Getenv("PULSE_TARGETS")
	fields := strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' })
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Interval is PULSE_INTERVAL (a Go duration), one minute by default.
func Interval() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("PULSE_INTERVAL")); err == nil && d > 0 {
		return d
	}
	return time.Minute
}
