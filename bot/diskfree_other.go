//go:build !(linux || darwin)

package bot

import "errors"

// freeSpace is not known on this system: the disk check stays silent.
func freeSpace(string) (free, total uint64, err error) {
	return 0, 0, errors.New("free space unknown on this system")
}
