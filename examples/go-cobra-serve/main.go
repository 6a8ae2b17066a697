package main

import "github.com/acme/pastebin/cmd"

func main() {
	cmd.Execute()
}
