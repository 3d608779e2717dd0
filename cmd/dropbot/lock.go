package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFile is the name of the lock file in the data directory. `dropbot
// run` and `dropbot play` hold it while they use the books; `dropbot
// restore` and `dropbot whatsapp logout` refuse to run while it is held.
const LockFile = "dropbot.lock"

// inUseError says that another dropbot uses the data directory.
type inUseError struct {
	dir string
	pid int // 0 when unknown
}

func (e *inUseError) Error() string {
	who := "another dropbot"
	if e.pid > 0 {
		who += " (pid " + strconv.Itoa(e.pid) + ")"
	}
	return fmt.Sprintf("data directory %s is in use by %s; stop it first", e.dir, who)
}

// readPID reads the pid a lock file holds, 0 when it holds none.
func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

func lockPath(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("data directory %s: %w", dir, err)
	}
	return filepath.Join(dir, LockFile), nil
}
