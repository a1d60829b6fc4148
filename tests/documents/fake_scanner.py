"""A stand-in malware scanner with clamscan's conventions: reads the file on
standard input; exit 0 and "stdin: OK" when clean, exit 1 and
"stdin: <name> FOUND" when the file holds the EICAR test string."""

import sys

EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"

data = sys.stdin.buffer.read()
if EICAR in data:
    print("stdin: Eicar-Test-Signature FOUND")
    sys.exit(1)
print("stdin: OK")
sys.exit(0)
