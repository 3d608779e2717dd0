package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/dropbot/dropbot/bot/whatsapp"
)

// cmdWhatsApp is `dropbot whatsapp login [--phone 62…]` and `dropbot
// whatsapp logout`.
func cmdWhatsApp(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error {
	const how = "dropbot whatsapp login [--data DIR] [--phone 62…] | dropbot whatsapp logout [--data DIR]"
	if len(args) == 0 {
		return fmt.Errorf("%w: %s", errUsage, how)
	}
	sub, args := args[0], args[1:]
	fs, data := newFlags("whatsapp "+sub, stderr, getenv)
	var phone *string
	if sub == "login" {
		phone = fs.String("phone", "", "link with a pairing code for this phone number instead of a QR code")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: %s", errUsage, how)
	}
	cfg := whatsapp.Config{DataDir: *data, Log: logger(stderr, getenv, slog.LevelWarn)}
	switch sub {
	case "login":
		if *phone == "" {
			fmt.Fprintln(stdout, "Scan the QR code with the shop's phone: WhatsApp → Perangkat tertaut / Linked devices → Tautkan perangkat / Link a device.")
		} else {
			fmt.Fprintln(stdout, "On the shop's phone: WhatsApp → Linked devices → Link a device → Link with phone number instead, then type the code below.")
		}
		if err := whatsapp.Login(ctx, cfg, *phone, stdout); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "WhatsApp is linked. Start (or restart) the bot with: dropbot run")
		return nil
	case "logout":
		// A running bot would reconnect with the session being deleted.
		lock, err := lockData(*data)
		if err != nil {
			return err
		}
		defer lock.release()
		err = whatsapp.Logout(ctx, cfg)
		var we *whatsapp.Error
		if errors.As(err, &we) && we.Code == whatsapp.CodeLogoutLocalOnly {
			fmt.Fprintln(stdout, "The local WhatsApp session is deleted, but WhatsApp could not be told: remove the device on the phone (Linked devices) if it is still listed.")
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "WhatsApp is unlinked and its session deleted.")
		return nil
	}
	return fmt.Errorf("%w: %s", errUsage, how)
}
