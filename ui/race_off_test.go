//go:build !race

package ui

// raceBuild: see race_on_test.go.
const raceBuild = false
