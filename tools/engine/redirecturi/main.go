// Command redirecturi reads a JSON array of strings on stdin and prints, for each, what
// terraform-provider-azuread v3.8.0's validation.IsRedirectUriFunc(true, false) says
// (internal/helpers/tf/validation/uri.go, the check on web.redirect_uris), plus url.Parse's
// own error. It restates that check in a few lines so it runs on this Go's net/url; build it
// with the provider's toolchain (GOTOOLCHAIN=go1.25.5), since net/url changed in Go 1.26.
//
//	GOTOOLCHAIN=go1.25.5 go run . < cases.json > verdicts.json
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
)

type verdict struct {
	Refusal    *string `json:"refusal"`
	ParseError *string `json:"parseError"`
}

const key = "web.0.redirect_uris.0"

var schemes = []string{"http", "https", "ms-appx-web", "brk-multihub"}

// redirectUriRefusal: IsRedirectUriFunc(urnAllowed=true, allowAllSchemes=false), which calls
// IsUriFunc(schemes, true, allowTrailingSlash=true, forceTrailingSlash=true), then the length.
func redirectUriRefusal(v string) (refusal string) {
	defer func() {
		// url.Parse panics on a host such as "]a[" (it slices host[open+1:close]).
		if recover() != nil {
			refusal = "panic"
		}
	}()
	if v == "" {
		return fmt.Sprintf("URI must not be empty for %q", key)
	}
	if parts := strings.Split(v, ":"); len(parts) >= 3 && parts[0] == "urn" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Sprintf("URI is in an invalid format for %q", key)
	}
	if u.Host == "" {
		return fmt.Sprintf("URI has no host for %q", key)
	}
	if u.Path == "" {
		return fmt.Sprintf("URI must have a trailing slash when there is no path segment for %q", key)
	}
	if !slices.Contains(schemes, u.Scheme) {
		return fmt.Sprintf("unexpected URI scheme for %q, expected one of: %s", key, strings.Join(schemes, ", "))
	}
	if len(v) > 256 {
		return fmt.Sprintf("URI must be 256 characters or less for %q", key)
	}
	return ""
}

func parseError(v string) (message *string) {
	defer func() {
		if recover() != nil {
			text := "panic"
			message = &text
		}
	}()
	_, err := url.Parse(v)
	var urlError *url.Error
	if errors.As(err, &urlError) {
		text := urlError.Err.Error()
		return &text
	}
	return nil
}

func main() {
	if runtime.Version() != "go1.25.5" {
		fmt.Fprintf(os.Stderr, "redirecturi: built with %s; run it with GOTOOLCHAIN=go1.25.5\n", runtime.Version())
		os.Exit(1)
	}
	var cases []string
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "redirecturi: stdin must be a JSON array of strings:", err)
		os.Exit(1)
	}
	verdicts := make([]verdict, len(cases))
	for i, v := range cases {
		verdicts[i].ParseError = parseError(v)
		if refusal := redirectUriRefusal(v); refusal != "" {
			verdicts[i].Refusal = &refusal
		}
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	if err := out.Encode(verdicts); err != nil {
		os.Exit(1)
	}
}
