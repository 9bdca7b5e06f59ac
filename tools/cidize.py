#!/usr/bin/env python3
"""Rewrites a reportlab PDF that uses UnicodeCIDFont (Type0, /Encoding /UniJIS-UCS2-H) into
the "Identity-H, Adobe-Japan1, no ToUnicode" class that pdf-extract cannot read on its own:

  * every text string shown with such a font is re-encoded from UCS-2 codes to 2-byte
    Adobe-Japan1 CIDs through Adobe's UniJIS-UCS2-H CMap (poppler-data), falling back to
    UniJIS-UTF16-H; unmapped characters become CID 0 and are listed on stderr;
  * the font's /Encoding becomes /Identity-H and any /ToUnicode is dropped;
  * /W is left as is: it is keyed by CID, and with Identity-H code == CID.

Scope: reportlab's own output (classic xref table, no object streams, font resource names
unique across the document, each page's content in its own streams). Not a general PDF editor.

Usage: python3 tools/cidize.py IN.pdf OUT.pdf
"""
import base64
import re
import sys
import zlib
from pathlib import Path

CMAP_DIR = Path("/usr/share/poppler/cMap/Adobe-Japan1")


def load_cmap(name):
    data = (CMAP_DIR / name).read_text(errors="replace")
    out = {}
    for m in re.finditer(r"begincidrange(.*?)endcidrange", data, re.S):
        for lo, hi, cid in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\d+)", m.group(1)):
            lo, hi, cid = int(lo, 16), int(hi, 16), int(cid)
            for c in range(lo, hi + 1):
                out[c] = cid + c - lo
    for m in re.finditer(r"begincidchar(.*?)endcidchar", data, re.S):
        for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s*(\d+)", m.group(1)):
            out[int(code, 16)] = int(cid)
    return out


OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")


def read_objects(data):
    """{num: (gen, dict_bytes, stream_bytes or None)} for a file without object streams."""
    objs = {}
    pos = 0
    while True:
        m = OBJ.search(data, pos)
        if not m:
            break
        num, gen = int(m.group(1)), int(m.group(2))
        start = m.end()
        s = data.find(b"stream", start)
        e = data.find(b"endobj", start)
        if s != -1 and s < e:
            head = data[start:s]
            lm = re.search(rb"/Length\s+(\d+)(\s+\d+\s+R)?", head)
            body_start = s + len(b"stream")
            if data[body_start:body_start + 2] == b"\r\n":
                body_start += 2
            elif data[body_start:body_start + 1] in (b"\n", b"\r"):
                body_start += 1
            if lm and not lm.group(2):
                body = data[body_start:body_start + int(lm.group(1))]
            else:
                body = data[body_start:data.find(b"endstream", body_start)].rstrip(b"\r\n")
            e = data.find(b"endobj", body_start + len(body))
            objs[num] = (gen, head.strip(), body)
        else:
            objs[num] = (gen, data[start:e].strip(), None)
        pos = e + len(b"endobj")
    return objs


TOKEN = re.compile(rb"""
    (?P<ws>\s+|%[^\r\n]*)
  | (?P<lit>\()
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict><<|>>)
  | (?P<arr>[\[\]])
  | (?P<name>/[^\s/<>\[\]()%{}]*)
  | (?P<other>[^\s/<>\[\]()%{}]+)
""", re.X)


def read_literal(data, i):
    """data[i] == '('; returns (decoded bytes, index after the closing paren)."""
    depth, out, i = 1, bytearray(), i + 1
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            n = data[i:i + 1]
            esc = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
            if n in esc:
                out += esc[n]; i += 1
            elif n in (b"(", b")", b"\\"):
                out += n; i += 1
            elif n in (b"\r", b"\n"):
                i += 1
                if n == b"\r" and data[i:i + 1] == b"\n":
                    i += 1
            elif n.isdigit():
                m = re.match(rb"[0-7]{1,3}", data[i:i + 3])
                out.append(int(m.group(0), 8) & 0xFF); i += len(m.group(0))
            else:
                out += n; i += 1
        elif c == 0x28:
            depth += 1; out.append(c); i += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(c); i += 1
        else:
            out.append(c); i += 1
    raise ValueError("unterminated string")


def rewrite_content(data, cid_fonts, ucs2, utf16, missing):
    """Re-encodes strings shown while a font named in cid_fonts is current."""
    out = bytearray()
    i = 0
    current = None
    pending_name = None
    stack = []
    while i < len(data):
        if data[i] == 0x28:
            s, j = read_literal(data, i)
            out += encode(s, current in cid_fonts, ucs2, utf16, missing) if current in cid_fonts else data[i:j]
            i = j
            continue
        m = TOKEN.match(data, i)
        if not m:
            out.append(data[i]); i += 1
            continue
        tok = m.group(0)
        if m.lastgroup == "hex" and current in cid_fonts:
            s = bytes.fromhex(re.sub(rb"\s", b"", tok[1:-1]).decode())
            out += encode(s, True, ucs2, utf16, missing)
        else:
            out += tok
        if m.lastgroup == "name":
            pending_name = tok[1:]
        elif m.lastgroup == "other":
            if tok == b"Tf":
                current = pending_name
            elif tok == b"q":
                stack.append(current)
            elif tok == b"Q" and stack:
                current = stack.pop()
        i = m.end()
    return bytes(out)


def encode(s, active, ucs2, utf16, missing):
    if not active:
        return b"<" + s.hex().encode() + b">"
    cids = []
    for k in range(0, len(s) - 1, 2):
        u = (s[k] << 8) | s[k + 1]
        cid = ucs2.get(u, utf16.get(u))
        if cid is None:
            missing.add(u)
            cid = 0
        cids.append(cid.to_bytes(2, "big"))
    return b"<" + b"".join(cids).hex().upper().encode() + b">"


def decode_stream(d, s):
    """Applies ASCII85Decode / FlateDecode filters; None for anything else."""
    m = re.search(rb"/Filter\s*(\[[^\]]*\]|/\w+)", d)
    if not m:
        return s
    if re.search(rb"/DecodeParms", d):
        return None
    for f in re.findall(rb"/(\w+)", m.group(1)):
        try:
            if f in (b"ASCII85Decode", b"A85"):
                body = re.sub(rb"\s", b"", s)
                if not body.startswith(b"<~"):
                    body = b"<~" + body
                s = base64.a85decode(body, adobe=True)
            elif f in (b"FlateDecode", b"Fl"):
                s = zlib.decompress(s)
            else:
                return None
        except Exception:
            return None
    return s


def main(src, dst):
    data = Path(src).read_bytes()
    if b"/ObjStm" in data:
        sys.exit("object streams are not supported (not reportlab output?)")
    objs = read_objects(data)
    ucs2, utf16 = load_cmap("UniJIS-UCS2-H"), load_cmap("UniJIS-UTF16-H")
    # Type0 fonts with UniJIS-UCS2-H, and the resource names that refer to them.
    font_nums = {n for n, (_, d, s) in objs.items()
                 if s is None and re.search(rb"/Subtype\s*/Type0", d) and re.search(rb"/Encoding\s*/UniJIS-UCS2-H\b", d)}
    if not font_nums:
        sys.exit("no Type0 font with /UniJIS-UCS2-H found")
    names = set()
    for _, d, _ in objs.values():
        # Resource entries (/F2 3 0 R), inline or in a separate /Font dictionary object.
        for name, num in re.findall(rb"/([^\s/<>\[\]()]+)\s+(\d+)\s+\d+\s+R", d):
            if int(num) in font_nums:
                names.add(name)
    missing = set()
    changed_streams = 0
    new = {}
    for n, (gen, d, s) in objs.items():
        if n in font_nums:
            d = re.sub(rb"/Encoding\s*/UniJIS-UCS2-H\b", b"/Encoding /Identity-H", d)
            d = re.sub(rb"/ToUnicode\s+\d+\s+\d+\s+R", b"", d)
        if s is not None and not re.search(rb"/Subtype\s*/(Image|Type1C|CIDFontType0C|OpenType)|/Length1|/FontFile", d):
            plain = decode_stream(d, s)
            if plain is not None and b"Tf" in plain:
                rewritten = rewrite_content(plain, names, ucs2, utf16, missing)
                if rewritten != plain:
                    s = zlib.compress(rewritten)
                    d = re.sub(rb"/Filter\s*(\[[^\]]*\]|/\w+)", b"", d)
                    d = re.sub(rb"/Length\s+\d+(\s+\d+\s+R)?", b"", d)
                    d = d.rstrip()
                    assert d.endswith(b">>"), d
                    d = d[:-2] + b" /Filter /FlateDecode /Length %d >>" % len(s)
                    changed_streams += 1
        new[n] = (gen, d, s)
    trailer = data[data.rfind(b"trailer"):]
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer).group(1)
    info = re.search(rb"/Info\s+(\d+\s+\d+\s+R)", trailer)
    ident = re.search(rb"/ID\s*(\[[^\]]*\])", trailer)
    size = max(new) + 1
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(new):
        gen, d, s = new[n]
        offsets[n] = (len(out), gen)
        out += b"%d %d obj\n" % (n, gen) + d
        if s is not None:
            out += b"\nstream\n" + s + b"\nendstream"
        out += b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        if n in offsets:
            out += b"%010d %05d n \n" % offsets[n]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %s" % (size, root)
    if info:
        out += b" /Info " + info.group(1)
    if ident:
        out += b" /ID " + ident.group(1)
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    Path(dst).write_bytes(bytes(out))
    print(f"{dst}: {len(font_nums)} font(s) -> Identity-H, {changed_streams} content stream(s) re-encoded", file=sys.stderr)
    if missing:
        print("unmapped UCS-2 codes (written as CID 0): " + " ".join(f"U+{u:04X}" for u in sorted(missing)), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
