"""KneeLog: a desktop training log for runners coming back from knee pain."""

__version__ = "0.1.0"
APP_NAME = "KneeLog"
APP_ID = "org.kneelog.KneeLog"
ORGANIZATION = "KneeLog"
ORGANIZATION_DOMAIN = "kneelog.org"
DISCLAIMER = (
    "KneeLog gives guidance, not a diagnosis. It does not replace a physical therapist or doctor. "
    "Seek care today if you cannot bear weight, your knee is hot and swollen with a fever, "
    'it is locked (stuck and will not straighten), or it swelled fast after a fall or a "pop".'
)
