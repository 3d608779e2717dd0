package console

// Names the console's external tests need.
var (
	FindVariant = findVariant
	MimeXLSX    = mimeXLSX
)
