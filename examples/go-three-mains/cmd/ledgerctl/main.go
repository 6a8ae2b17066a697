// Command ledgerctl talks to a running ledger-api.
//
//	ledgerctl [-server URL] accounts
//	ledgerctl [-server URL] post FROM TO CENTS
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
)

func main() {
	server := flag.String("server", "http://localhost:8081", "ledger-api base URL")
	flag.Parse()

	var resp *http.Response
	var err error
	switch flag.Arg(0) {
	case "accounts":
		resp, err = http.Get(*server + "/v1/accounts")
	case "post":
		amount, convErr := strconv.ParseInt(flag.Arg(3), 10, 64)
		if convErr != nil {
			fail(convErr)
		}
		body, _ := json.Marshal(map[string]any{"from": flag.Arg(1), "to": flag.Arg(2), "amount": amount})
		resp, err = http.Post(*server+"/v1/entries", "application/json", bytes.NewReader(body))
	default:
		fmt.Fprintln(os.Stderr, "usage: ledgerctl [-server URL] accounts | post FROM TO CENTS")
		os.Exit(2)
	}
	if err != nil {
		fail(err)
	}
	defer resp.Body.Close()
	io.Copy(os.Stdout, resp.Body)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ledgerctl:", err)
	os.Exit(1)
}
