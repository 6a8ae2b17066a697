// Command migrate prints the schema migrations it would apply.
package main

import "fmt"

func main() {
	for _, m := range []string{"001_init.sql", "002_widgets.sql"} {
		fmt.Println("would apply", m)
	}
}
