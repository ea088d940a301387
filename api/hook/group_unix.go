//go:build unix

package hook

import (
	"os/exec"
	"syscall"
)

// inGroup starts the command in a process group of its own and kills the
// whole group when the context ends, so that a `sleep` or `curl` the
// shell started dies with it.
func inGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
