// Package lib holds code shared by the workspace's modules.
package lib

// Banner is what the API answers on its root path.
func Banner() string { return "served from a Go workspace\n" }
