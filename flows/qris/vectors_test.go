package qris

// Hand-built test payloads for a fictional merchant. Every CRC below was
// computed outside this package with Python's binascii.crc_hqx, which is
// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xorout):
//
//	python3 -c 'import binascii,sys; p=sys.argv[1]+"6304"; print(p+"%04X" % binascii.crc_hqx(p.encode(), 0xFFFF))' BODY
//
// where BODY is the payload without its CRC object. The pieces:
//
//	000201                                  payload format indicator "01"
//	010211                                  point of initiation "11" (static)
//	26 62 0018ID.CO.TOKODEMO.WWW            merchant account template: GUI (fictional provider)
//	      0118936099990000012345            merchant PAN (fictional)
//	      0207TDB0001                       merchant id
//	      0303UMI                           merchant criteria
//	51 44 0014ID.CO.QRIS.WWW                QRIS national template: GUI
//	      0215ID2099001234567               NMID (fictional)
//	      0303UMI
//	52045999                                MCC 5999
//	5303360                                 currency 360 = IDR
//	5802ID                                  country
//	5916TOKO DEMO BERKAH                    merchant name (16 chars)
//	6007BANDUNG                             city (7 chars)
//	610540111                               postal code
//	62070703A01                             additional data: terminal label "A01"
//	6304....                                CRC
//
// Lengths: template 26 = 4+18 + 4+18 + 4+7 + 4+3 = 62; template 51 =
// 4+14 + 4+15 + 4+3 = 44.
const (
	t26 = "26620018ID.CO.TOKODEMO.WWW01189360999900000123450207TDB00010303UMI"
	t51 = "51440014ID.CO.QRIS.WWW0215ID20990012345670303UMI"

	// staticBasic is the static QRIS of "TOKO DEMO BERKAH".
	staticBasic = "000201010211" + t26 + t51 + "5204599953033605802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "6304BE0E"

	// dynamic150k is staticBasic asking for Rp150.000: 01 becomes "12",
	// "5406150000" (id 54, 6 digits) goes right after "5303360", new CRC.
	dynamic150k = "000201010212" + t26 + t51 + "52045999530336054061500005802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "6304362A"

	// dynamic1 and dynamic13 ask for Rp1 ("54011") and for the largest
	// amount that fits, 13 nines ("54139999999999999").
	dynamic1  = "000201010212" + t26 + t51 + "520459995303360540115802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63045AA5"
	dynamic13 = "000201010212" + t26 + t51 + "520459995303360541399999999999995802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "6304B596"

	// staticWithAmount already carries "540510000" (Rp10.000) after 53.
	staticWithAmount = "000201010211" + t26 + t51 + "5204599953033605405100005802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "630493D3"

	// staticFeeFixed: "550202" (55 = 02, fixed convenience fee) + "56041000".
	staticFeeFixed = "000201010211" + t26 + t51 + "520459995303360550202560410005802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63044977"
	// staticFeePct: "550203" (55 = 03, percentage fee) + "57042.50".
	staticFeePct = "000201010211" + t26 + t51 + "52045999530336055020357042.505802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "6304908A"
	// staticTipPrompt: "550201" (55 = 01, the app prompts for a tip).
	staticTipPrompt = "000201010211" + t26 + t51 + "5204599953033605502015802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63040A0E"

	// staticNoInit has no point of initiation object at all.
	staticNoInit = "000201" + t26 + t51 + "5204599953033605802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "6304382E"

	// staticAmountLate has "54045000" after 58 (out of id order); the
	// amount must be replaced where it stands: dynamicAmountLate.
	staticAmountLate  = "000201010211" + t26 + t51 + "5204599953033605802ID540450005916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "630439E0"
	dynamicAmountLate = "000201010212" + t26 + t51 + "5204599953033605802ID54061500005916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63047B61"

	// Valid checksums, wrong content.
	alreadyDynamic = "000201010212" + t26 + t51 + "5204599953033605802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "6304D7A2"
	currencyUSD    = "000201010211" + t26 + t51 + "5204599953038405802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63047977"
	countrySG      = "000201010211" + t26 + t51 + "5204599953033605802SG5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63048379"
	formatNotFirst = "010211000201" + t26 + t51 + "5204599953033605802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "6304C075"
	initUnknown    = "000201010213" + t26 + t51 + "5204599953033605802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "6304F0C6"
	noCurrency     = "000201010211" + t26 + t51 + "520459995802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63047443"
	// duplicateName has "5901X" and then the real 59.
	duplicateName = "000201010211" + t26 + t51 + "5204599953033605901X5802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63042A2B"
	// brokenTemplate has template 26 = "0014ID.CO.QRIS.WW": sub-object 00
	// claims 14 bytes, only 13 follow.
	brokenTemplate = "000201010211" + "26170014ID.CO.QRIS.WW" + t51 + "5204599953033605802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A01" + "63042C26"
)
