//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

// dataLock is dataDir/dropbot.lock created with O_EXCL, holding the pid.
// Without flock(2) a crash leaves the file behind: the next start then
// refuses, naming the pid, and the file must be deleted by hand once no
// dropbot runs.
type dataLock struct{ path string }

func lockData(dir string) (*dataLock, error) {
	path, err := lockPath(dir)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, &inUseError{dir: dir, pid: readPID(path)}
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	_, werr := f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("lock %s: %w", path, werr)
	}
	return &dataLock{path: path}, nil
}

func (l *dataLock) release() {
	if l == nil || l.path == "" {
		return
	}
	_ = os.Remove(l.path)
	l.path = ""
}
