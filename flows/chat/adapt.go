package chat

// Adapters from an area's own turn type (a struct wrapping *Turn, with the
// area's methods) to the handler types of the registry, so an area lists
// its handlers as method expressions: chat.Cmd(wrap, (*turn).cmdApprove).

// Cmd adapts a command method taking the text after the command.
func Cmd[T any](wrap func(*Turn) T, f func(T, string) error) func(*Turn, string) error {
	return func(t *Turn, args string) error { return f(wrap(t), args) }
}

// Cmd0 adapts a command method that takes no arguments.
func Cmd0[T any](wrap func(*Turn) T, f func(T) error) func(*Turn, string) error {
	return func(t *Turn, _ string) error { return f(wrap(t)) }
}

// StepOf adapts a step method that reads the area's saved state.
func StepOf[T, S any](wrap func(*Turn) T, load func(T) (S, error), f func(T, S, string) error) StepFunc {
	return func(t *Turn, text string) error {
		at := wrap(t)
		st, err := load(at)
		if err != nil {
			return err
		}
		return f(at, st, text)
	}
}

// TextStep adapts a step method that needs only the text.
func TextStep[T any](wrap func(*Turn) T, f func(T, string) error) StepFunc {
	return func(t *Turn, text string) error { return f(wrap(t), text) }
}
