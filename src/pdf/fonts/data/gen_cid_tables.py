#!/usr/bin/env python3
"""Generates the compiled CID tables used by src/pdf/fonts (tokku issue 3).

Sources (all Adobe CMap resources, BSD-3-Clause, as shipped by poppler-data
in /usr/share/poppler/cMap/Adobe-Japan1/, and for the Chinese and Korean
predefined CMaps its sibling directories Adobe-GB1, Adobe-CNS1, Adobe-Korea1):
  * Adobe-Japan1-UCS2           CID -> UCS-2 (primary CID -> Unicode source)
  * UniJIS-UTF32-H / -V         Unicode -> CID, inverted to fill CIDs that
                                Adobe-Japan1-UCS2 leaves unmapped
  * UniJIS-UCS2-H/V, UniJIS-UTF16-H/V, 90ms-RKSJ-H/V, 90msp-RKSJ-H/V,
    EUC-H/V, H/V                predefined code -> CID CMaps (kept as ranges)

poppler-data's cidToUnicode/Adobe-Japan1 is NOT used as a source because
Debian lists it as GPL-2 (Glyph & Cog); it is only read, if present, to print
an agreement statistic.

Outputs (little endian):
  src/pdf/fonts/data/aj1_cid2uni.bin  u32 per CID (index = CID), 0 = unmapped
  src/pdf/fonts/data/aj1_multi.bin    CIDs mapping to several characters:
                                  u16 cid, u8 n, n x u32 code points
  src/pdf/fonts/data/cmaps.bin        see format below

cmaps.bin: b"TKCM" u16 count, then per CMap:
  u8 len, name; u8 len, usecmap name (0 = none); u8 wmode;
  u8 n_codespace, each: u8 nbytes, u32 lo, u32 hi;
  u32 n_ranges, each: u32 code_lo, u32 code_hi, u32 cid_lo   (sorted by code_lo)

Usage: python3 src/pdf/fonts/data/gen_cid_tables.py [cmap_dir] [out_dir]
"""
import re
import struct
import sys
from pathlib import Path

CMAP_DIR = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cMap/Adobe-Japan1")
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).resolve().parent)
PREDEFINED = ["UniJIS-UCS2-H", "UniJIS-UCS2-V", "UniJIS-UTF16-H", "UniJIS-UTF16-V",
              "90ms-RKSJ-H", "90ms-RKSJ-V", "90msp-RKSJ-H", "90msp-RKSJ-V",
              "EUC-H", "EUC-V", "H", "V",
              "UniJIS-UCS2-HW-H", "UniJIS-UCS2-HW-V", "90pv-RKSJ-H", "90pv-RKSJ-V", "83pv-RKSJ-H",
              "Add-RKSJ-H", "Add-RKSJ-V", "Ext-RKSJ-H", "Ext-RKSJ-V", "RKSJ-H", "RKSJ-V"]
# The other predefined CMaps of ISO 32000-1 Table 118 (Chinese and Korean), by the
# directory poppler-data keeps them in (relative to CMAP_DIR's parent).
OTHER_COLLECTIONS = {
    "Adobe-GB1": ["UniGB-UCS2-H", "UniGB-UCS2-V", "UniGB-UTF16-H", "UniGB-UTF16-V",
                  "GB-EUC-H", "GB-EUC-V", "GBpc-EUC-H", "GBpc-EUC-V", "GBK-EUC-H", "GBK-EUC-V",
                  "GBKp-EUC-H", "GBKp-EUC-V", "GBK2K-H", "GBK2K-V"],
    "Adobe-CNS1": ["UniCNS-UCS2-H", "UniCNS-UCS2-V", "UniCNS-UTF16-H", "UniCNS-UTF16-V",
                   "B5pc-H", "B5pc-V", "ETen-B5-H", "ETen-B5-V", "ETenms-B5-H", "ETenms-B5-V",
                   "HKscs-B5-H", "HKscs-B5-V", "CNS-EUC-H", "CNS-EUC-V"],
    "Adobe-Korea1": ["UniKS-UCS2-H", "UniKS-UCS2-V", "UniKS-UTF16-H", "UniKS-UTF16-V",
                     "KSC-EUC-H", "KSC-EUC-V", "KSCms-UHC-H", "KSCms-UHC-V",
                     "KSCms-UHC-HW-H", "KSCms-UHC-HW-V", "KSCpc-EUC-H"],
}

TOKEN = re.compile(rb"%[^\r\n]*|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/<>\[\]()]+|\([^)]*\)|[^\s<>\[\]/()%]+")


def tokens(path):
    for t in TOKEN.findall(path.read_bytes()):
        if not t.startswith(b"%"):
            yield t


def hexval(t):
    h = re.sub(rb"\s", b"", t[1:-1])
    return int(h, 16), len(h) // 2


def parse_cmap(path):
    """Returns dict(usecmap, wmode, codespace[(nbytes, lo, hi)], cid[(lo, hi, cid)], bf[(lo, hi, [utf16 bytes])])."""
    toks = list(tokens(path))
    out = {"usecmap": None, "wmode": 0, "codespace": [], "cid": [], "bf": []}
    i = 0
    while i < len(toks):
        t = toks[i]
        if t == b"usecmap":
            out["usecmap"] = toks[i - 1][1:].decode()
        elif t == b"/WMode":
            out["wmode"] = int(toks[i + 1])
        elif t == b"begincodespacerange":
            i += 1
            while toks[i] != b"endcodespacerange":
                lo, n = hexval(toks[i]); hi, _ = hexval(toks[i + 1])
                out["codespace"].append((n, lo, hi)); i += 2
        elif t in (b"begincidrange", b"begincidchar"):
            rng = t == b"begincidrange"
            end = b"endcidrange" if rng else b"endcidchar"
            i += 1
            while toks[i] != end:
                if rng:
                    lo, _ = hexval(toks[i]); hi, _ = hexval(toks[i + 1]); cid = int(toks[i + 2]); i += 3
                else:
                    lo, _ = hexval(toks[i]); hi = lo; cid = int(toks[i + 1]); i += 2
                out["cid"].append((lo, hi, cid))
        elif t in (b"beginbfchar", b"beginbfrange"):
            rng = t == b"beginbfrange"
            end = b"endbfrange" if rng else b"endbfchar"
            i += 1
            while toks[i] != end:
                if rng:
                    lo, _ = hexval(toks[i]); hi, _ = hexval(toks[i + 1])
                    if toks[i + 2] == b"[":
                        j = i + 3; vals = []
                        while toks[j] != b"]":
                            vals.append(bytes.fromhex(toks[j][1:-1].decode())); j += 1
                        for k, v in enumerate(vals):
                            out["bf"].append((lo + k, lo + k, v))
                        i = j + 1
                    else:
                        v = bytes.fromhex(re.sub(rb"\s", b"", toks[i + 2][1:-1]).decode())
                        base = int.from_bytes(v, "big")
                        for c in range(lo, hi + 1):
                            out["bf"].append((c, c, (base + c - lo).to_bytes(len(v), "big")))
                        i += 3
                else:
                    lo, _ = hexval(toks[i])
                    v = bytes.fromhex(re.sub(rb"\s", b"", toks[i + 1][1:-1]).decode())
                    out["bf"].append((lo, lo, v)); i += 2
        i += 1
    return out


def is_compat(u):
    return 0xF900 <= u <= 0xFAFF or 0x2F800 <= u <= 0x2FA1F or 0xE000 <= u <= 0xF8FF


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    # CID -> Unicode.
    cid2uni = {}
    multis = {}
    for (lo, _, v) in parse_cmap(CMAP_DIR / "Adobe-Japan1-UCS2")["bf"]:
        s = v.decode("utf-16-be", errors="replace")
        # Drop variation selectors: the base character is the text.
        s = "".join(ch for ch in s if not (0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF))
        if not s:
            continue
        if len(s) != 1:
            multis[lo] = s
            continue
        u = ord(s)
        if u in (0xFFFD,) or is_compat(u) and lo in cid2uni:
            continue
        cid2uni[lo] = u
    from_ucs2 = len(cid2uni)
    filled = 0
    for name in ("UniJIS-UTF32-H", "UniJIS-UTF32-V"):
        inv = {}
        for (lo, hi, cid) in parse_cmap(CMAP_DIR / name)["cid"]:
            for u in range(lo, hi + 1):
                c = cid + u - lo
                best = inv.get(c)
                # Prefer unified (non-compatibility) code points, then the smallest.
                if best is None or (is_compat(best), best) > (is_compat(u), u):
                    inv[c] = u
        for c, u in inv.items():
            if c not in cid2uni and c not in multis:
                cid2uni[c] = u; filled += 1
    n = max(max(cid2uni), max(multis)) + 1
    mb = bytearray()
    for c in sorted(multis):
        mb += struct.pack("<HB", c, len(multis[c])) + b"".join(struct.pack("<I", ord(ch)) for ch in multis[c])
    (OUT / "aj1_multi.bin").write_bytes(bytes(mb))
    (OUT / "aj1_cid2uni.bin").write_bytes(b"".join(struct.pack("<I", cid2uni.get(c, 0)) for c in range(n)))
    print(f"aj1_cid2uni.bin: {n} CIDs, {len(cid2uni)} mapped ({from_ucs2} from Adobe-Japan1-UCS2, "
          f"{filled} filled from UniJIS-UTF32-H/V, {len(multis)} multi-character sequences in aj1_multi.bin)")
    ref = Path("/usr/share/poppler/cidToUnicode/Adobe-Japan1")
    if ref.exists():
        lines = ref.read_text().split()
        agree = sum(1 for c, l in enumerate(lines) if l and cid2uni.get(c) == int(l, 16))
        both = sum(1 for c, l in enumerate(lines) if l and c in cid2uni)
        print(f"  agreement with poppler cidToUnicode (check only): {agree}/{both}")
    # CID -> Unicode of the Chinese and Korean collections (single characters only),
    # for Identity-H/V fonts without ToUnicode: <collection>_cid2uni.bin, u32 per CID.
    for collection in OTHER_COLLECTIONS:
        table = {}
        for (lo, _, v) in parse_cmap(CMAP_DIR.parent / collection / (collection + "-UCS2"))["bf"]:
            text = v.decode("utf-16-be", errors="replace")
            if len(text) == 1 and text != "\ufffd":
                table[lo] = ord(text)
        n = max(table) + 1
        name = collection.split("-")[1].lower() + "_cid2uni.bin"
        (OUT / name).write_bytes(b"".join(struct.pack("<I", table.get(c, 0)) for c in range(n)))
        print(f"{name}: {n} CIDs, {len(table)} mapped")
    # Predefined CMaps.
    cmaps = [(CMAP_DIR / name, name) for name in PREDEFINED]
    for collection, names in OTHER_COLLECTIONS.items():
        cmaps += [(CMAP_DIR.parent / collection / name, name) for name in names]
    blob = bytearray(b"TKCM" + struct.pack("<H", len(cmaps)))
    for path, name in cmaps:
        cm = parse_cmap(path)
        nb = name.encode(); ub = (cm["usecmap"] or "").encode()
        blob += struct.pack("<B", len(nb)) + nb + struct.pack("<B", len(ub)) + ub + struct.pack("<B", cm["wmode"])
        blob += struct.pack("<B", len(cm["codespace"]))
        for (k, lo, hi) in cm["codespace"]:
            blob += struct.pack("<BII", k, lo, hi)
        rs = sorted(cm["cid"])
        blob += struct.pack("<I", len(rs))
        for r in rs:
            blob += struct.pack("<III", *r)
        print(f"{name}: usecmap={cm['usecmap']} codespace={len(cm['codespace'])} ranges={len(rs)}")
    (OUT / "cmaps.bin").write_bytes(bytes(blob))
    print(f"cmaps.bin: {len(blob)} bytes")


if __name__ == "__main__":
    main()
