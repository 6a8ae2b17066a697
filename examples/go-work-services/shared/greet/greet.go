// Package greet builds the greetings both services send.
package greet

import "fmt"

// Hello greets name.
func Hello(name string) string {
	return fmt.Sprintf("Hello, %s!", name)
}
