package whatsapp

import (
	"context"
	"log/slog"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// waClient is the real Client: a thin pass-through to *whatsmeow.Client,
// the only code of this package that is not covered by tests.
type waClient struct{ cli *whatsmeow.Client }

func newWAClient(device *store.Device, lg *slog.Logger) *waClient {
	cli := whatsmeow.NewClient(device, WALog(lg))
	cli.EnableAutoReconnect = true  // network drops reconnect by themselves
	cli.InitialAutoReconnect = true // so does a network error at start
	// The bot needs no chat history: skip downloading history-sync blobs.
	cli.ManualHistorySyncDownload = true
	// Acknowledge a message only after the handler has it in the books: a
	// kill before that leaves it for WhatsApp to deliver again.
	cli.SynchronousAck = true
	// The Signal ratchet moves on when a message is decrypted, so a message
	// whose handling was cut off could not be decrypted again when WhatsApp
	// redelivers it (ErrOldCounter: dropped). With the buffer, whatsmeow
	// stores the plaintext in the session store at decryption, reads a
	// redelivery from there, and clears it only after the handler returned
	// true (message.go: ClearBufferedEventPlaintext after a successful
	// dispatch; entries older than 14 days are purged).
	cli.EnableDecryptedEventBuffer = true
	return &waClient{cli: cli}
}

func (w *waClient) Connect(ctx context.Context, handler func(evt any) bool) error {
	w.cli.AddEventHandlerWithSuccessStatus(handler)
	return w.cli.ConnectContext(ctx)
}

func (w *waClient) Disconnect() {
	w.cli.Disconnect()
	w.cli.RemoveEventHandlers()
}

func (w *waClient) SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message) (whatsmeow.SendResponse, error) {
	return w.cli.SendMessage(ctx, to, msg)
}

func (w *waClient) Upload(ctx context.Context, data []byte, kind whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	return w.cli.Upload(ctx, data, kind)
}

func (w *waClient) Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error) {
	return w.cli.Download(ctx, msg)
}

func (w *waClient) PNForLID(ctx context.Context, lid types.JID) (types.JID, error) {
	return w.cli.Store.LIDs.GetPNForLID(ctx, lid)
}
