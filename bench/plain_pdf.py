#!/usr/bin/env python3
"""bench/plain_pdf.py PAGES OUT: a plain PDF of PAGES one-line pages (catalog, page tree,
one Helvetica font; per page a page object and its content stream; classic cross-reference
table), the document of issue 16's scaling line (cost must grow linearly with pages)."""
import sys

pages, out_path = int(sys.argv[1]), sys.argv[2]
out = bytearray(b"%PDF-1.4\n")
offsets = []


def obj(body):
    offsets.append(len(out))
    out.extend(b"%d 0 obj\n%s\nendobj\n" % (len(offsets), body))


obj(b"<< /Type /Catalog /Pages 2 0 R >>")
obj(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (4 + 2 * p) for p in range(pages)), pages))
obj(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
for p in range(pages):
    content = b"BT /F1 12 Tf 72 720 Td (Line of page %d) Tj ET" % (p + 1)
    obj(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * p))
    obj(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
xref = len(out)
out.extend(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
for o in offsets:
    out.extend(b"%010d 00000 n \n" % o)
out.extend(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))
open(out_path, "wb").write(out)
