// voltdash is a terminal dashboard for Lightning wallets on the Voltage
// Payments API.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// it comes from the module's build information.
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func main() {
	for _, a := range os.Args[1:] {
		switch a {
		case "--version", "-version", "version":
			fmt.Println("voltdash", buildVersion())
			return
		}
	}
	fmt.Fprintln(os.Stderr, "voltdash: the dashboard is not built yet; see README.md")
	os.Exit(2)
}
