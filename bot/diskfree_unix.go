//go:build linux || darwin

package bot

import "syscall"

// freeSpace asks the operating system for the free (to an unprivileged
// user) and total bytes of the file system holding dir.
func freeSpace(dir string) (free, total uint64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, 0, err
	}
	bs := uint64(st.Bsize)
	return uint64(st.Bavail) * bs, uint64(st.Blocks) * bs, nil
}
