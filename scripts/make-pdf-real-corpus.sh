#!/usr/bin/env bash
# Rebuilds test/fixtures/pdf-real/: PDFs made by the real tools applicants' files come from
# (office suites, browsers, scanners' image-to-PDF paths, Ghostscript, qpdf's encryption), from
# Chinese sample documents written here. Not run by CI: the outputs are committed, and
# pdf-inspect.real.test.ts checks every one of them. Re-run by hand after changing the inspector's
# policy if the corpus should grow. Needs (Debian 12):
#   apt-get install qpdf ghostscript img2pdf imagemagick libtiff-tools enscript groff cairosvg librsvg2-bin \
#     wkhtmltopdf libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-draw-nogui chromium fonts-noto-cjk \
#     python3-pil python3-reportlab
# Run from the repository root: bash scripts/make-pdf-real-corpus.sh
set -euo pipefail
OUT=test/fixtures/pdf-real
REFUSED=$OUT/refused
HOSTILE=test/fixtures/pdf
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$REFUSED"
rm -f "$OUT"/*.pdf "$REFUSED"/*.pdf
export HOME=$WORK # LibreOffice and Chromium profiles
IM=/usr/bin/convert # /usr/local/bin/convert may be a stand-in
PY=/usr/bin/python3 # Debian's, with python3-pil and python3-reportlab
# Debian's ImageMagick policy forbids writing PDF. Lift it for these commands only, in a private
# mount namespace (the machine's policy file is not touched).
mkdir -p "$WORK/im6" && cp -r /etc/ImageMagick-6/. "$WORK/im6/"
sed -i 's#<policy domain="coder" rights="none" pattern="\*" />##; s#<policy domain="coder" rights="none" pattern="PDF" />##' "$WORK/im6/policy.xml"
im_pdf() { unshare -m sh -c 'mount --bind "$0" /etc/ImageMagick-6 && exec /usr/bin/convert "$@"' "$WORK/im6" "$@"; }

# ---------------------------------------------------------------- sources
cat > "$WORK/form.html" <<'EOF'
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>建设工程勘察设计资质申请表</title>
<style>body{font-family:"Noto Serif CJK SC",serif;font-size:12pt;margin:2cm}table{border-collapse:collapse;width:100%}td,th{border:1px solid #333;padding:4px}h1{text-align:center;font-size:18pt}</style></head>
<body>
<h1>建设工程勘察设计资质申请表</h1>
<p>申请单位：北京示例工程设计有限公司（测试数据）　统一社会信用代码：91110000000000000X</p>
<h2>一、企业基本情况</h2>
<table><tr><th>项目</th><th>内容</th></tr>
<tr><td>注册地址</td><td>北京市海淀区示例路1号</td></tr>
<tr><td>法定代表人</td><td>张三</td></tr>
<tr><td>申请资质</td><td>工程设计建筑行业（建筑工程）乙级</td></tr>
<tr><td>注册资本</td><td>500 万元</td></tr></table>
<h2>二、主要技术人员</h2>
<table><tr><th>序号</th><th>姓名</th><th>职称</th><th>注册类别</th></tr>
<tr><td>1</td><td>李四</td><td>高级工程师</td><td>一级注册建筑师</td></tr>
<tr><td>2</td><td>王五</td><td>工程师</td><td>一级注册结构工程师</td></tr>
<tr><td>3</td><td>赵六</td><td>高级工程师</td><td>注册电气工程师</td></tr></table>
<h2>三、承诺</h2>
<p>本单位承诺所填报内容及所附材料真实、准确、完整，如有虚假，愿承担相应法律责任。详见<a href="https://example.invalid/guide">办事指南</a>及附件<a href="附件2-业绩证明.pdf">附件2</a>。</p>
<p style="margin-top:3cm;text-align:right">申请单位（盖章）：________　　日期：2024年1月2日</p>
</body></html>
EOF
printf '序号,姓名,身份证号,职称,注册类别,专业\n' > "$WORK/personnel.csv"
for i in $(seq 1 40); do printf '%d,人员%02d,11010519800101%04d,工程师,注册结构工程师,结构\n' "$i" "$i" "$i" >> "$WORK/personnel.csv"; done
# A floor plan as a CAD export would draw it: thousands of short vector strokes.
{
  printf '<svg xmlns="http://www.w3.org/2000/svg" width="1190" height="842" viewBox="0 0 1190 842">\n<rect width="1190" height="842" fill="white"/>\n<g stroke="black" stroke-width="0.5" fill="none">\n'
  for x in $(seq 40 20 1140); do printf '<line x1="%d" y1="40" x2="%d" y2="800"/>\n' "$x" "$x"; done
  for y in $(seq 40 20 800); do printf '<line x1="40" y1="%d" x2="1140" y2="%d"/>\n' "$y" "$y"; done
  for x in $(seq 50 40 1130); do for y in $(seq 50 40 790); do printf '<rect x="%d" y="%d" width="12" height="12"/>\n' "$x" "$y"; done; done
  printf '</g>\n<text x="595" y="30" font-family="Noto Sans CJK SC" font-size="18" text-anchor="middle">一层平面图 1:100（测试数据）</text>\n</svg>\n'
} > "$WORK/plan.svg"
cat > "$WORK/notes.txt" <<'EOF'
Qualification application - plain text notes (test data)
=========================================================
1. Company: Beijing Example Engineering Design Co., Ltd.
2. Scope: building engineering design, grade B.
3. Staff: 12 registered engineers, 3 registered architects.
EOF
cat > "$WORK/doc.ms" <<'EOF'
.TL
Engineering Qualification Statement
.AU
Test Data
.NH
Scope
.PP
This statement lists the projects completed in the last five years (test data only).
.NH
Projects
.PP
Office building, 12 000 square metres; school, 8 500 square metres.
EOF

# A "scan": the form rendered to pixels, grey, slightly noisy, as a scanner's JPEG.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1240,1754 --screenshot="$WORK/form.png" "file://$WORK/form.html" >/dev/null 2>&1
"$IM" "$WORK/form.png" -colorspace Gray -attenuate 0.3 +noise Gaussian -rotate 0.4 -resize 1240x1754! "$WORK/scan-gray.png"
"$IM" "$WORK/scan-gray.png" -quality 70 "$WORK/scan.jpg"
"$IM" "$WORK/scan-gray.png" -threshold 60% -type bilevel "$WORK/scan-bw.png"
"$IM" "$WORK/form.png" -resize 620x877! -quality 80 "$WORK/photo.jpg"

# ---------------------------------------------------------------- office suites, browsers, HTML renderers
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$OUT/chromium-print.pdf" "file://$WORK/form.html" >/dev/null 2>&1
wkhtmltopdf --quiet --outline "$WORK/form.html" "$OUT/wkhtmltopdf.pdf" || true
(cd "$WORK" && soffice --headless --convert-to docx:"MS Word 2007 XML" form.html >/dev/null 2>&1)
(cd "$WORK" && soffice --headless --convert-to pdf form.docx >/dev/null 2>&1) && mv "$WORK/form.pdf" "$OUT/libreoffice-writer-docx.pdf"
(cd "$WORK" && soffice --headless --convert-to 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}' form.docx >/dev/null 2>&1) && mv "$WORK/form.pdf" "$OUT/libreoffice-writer-pdfa2b.pdf"
(cd "$WORK" && soffice --headless --convert-to 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},"ExportBookmarks":{"type":"boolean","value":"true"}}' form.docx >/dev/null 2>&1) && mv "$WORK/form.pdf" "$OUT/libreoffice-writer-tagged.pdf"
(cd "$WORK" && soffice --headless --convert-to 'pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},"PermissionPassword":{"type":"string","value":"owner"},"Printing":{"type":"long","value":"2"},"Changes":{"type":"long","value":"0"}}' form.docx >/dev/null 2>&1) && mv "$WORK/form.pdf" "$OUT/libreoffice-permission-password.pdf"
(cd "$WORK" && soffice --headless --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"user"}}' form.docx >/dev/null 2>&1) && mv "$WORK/form.pdf" "$REFUSED/libreoffice-open-password.pdf"
(cd "$WORK" && soffice --headless --convert-to pdf personnel.csv >/dev/null 2>&1) && mv "$WORK/personnel.pdf" "$OUT/libreoffice-calc-csv.pdf"
(cd "$WORK" && soffice --headless --convert-to pdf:draw_pdf_Export plan.svg >/dev/null 2>&1) && mv "$WORK/plan.pdf" "$OUT/libreoffice-draw-svg.pdf"

# ---------------------------------------------------------------- vector drawings
cairosvg "$WORK/plan.svg" -o "$OUT/cairosvg-plan.pdf"
rsvg-convert -f pdf -o "$OUT/rsvg-plan.pdf" "$WORK/plan.svg"

# ---------------------------------------------------------------- PostScript through Ghostscript
enscript -q -p "$WORK/notes.ps" "$WORK/notes.txt" && ps2pdf "$WORK/notes.ps" "$OUT/ghostscript-enscript.pdf"
groff -ms -Tps "$WORK/doc.ms" > "$WORK/doc.ps" && ps2pdf "$WORK/doc.ps" "$OUT/ghostscript-groff.pdf"
groff -ms -Tpdf "$WORK/doc.ms" > "$OUT/groff-gropdf.pdf"
gs -q -sDEVICE=pdfwrite -dPDFSETTINGS=/ebook -o "$OUT/ghostscript-reduced.pdf" "$OUT/chromium-print.pdf"
gs -q -sDEVICE=pdfwrite -sOwnerPassword=owner -dEncryptionR=3 -dKeyLength=128 -dPermissions=-3904 -o "$OUT/ghostscript-owner-password.pdf" "$WORK/doc.ps"
gs -q -sDEVICE=pdfwrite -sOwnerPassword=owner -sUserPassword=user -dEncryptionR=3 -dKeyLength=128 -o "$REFUSED/ghostscript-user-password.pdf" "$WORK/doc.ps"

# ---------------------------------------------------------------- scans
img2pdf --pagesize A4 -o "$OUT/img2pdf-jpeg-scan.pdf" "$WORK/scan.jpg"
img2pdf --pagesize A4 -o "$OUT/img2pdf-bilevel-png.pdf" "$WORK/scan-bw.png"
img2pdf --pagesize A4 -o "$OUT/img2pdf-3-pages.pdf" "$WORK/photo.jpg" "$WORK/photo.jpg" "$WORK/photo.jpg"
im_pdf "$WORK/scan.jpg" -compress jpeg -quality 60 "$OUT/imagemagick-jpeg.pdf"
im_pdf "$WORK/scan-bw.png" -compress LZW "$OUT/imagemagick-lzw.pdf"
im_pdf "$WORK/scan-bw.png" -compress RLE "$OUT/imagemagick-runlength.pdf"
im_pdf "$WORK/photo.jpg" -compress Zip "$OUT/imagemagick-flate.pdf"
"$IM" "$WORK/scan-bw.png" -compress Group4 "$WORK/scan-g4.tif" && tiff2pdf -o "$OUT/tiff2pdf-ccitt-g4.pdf" "$WORK/scan-g4.tif"
# Pillow (bilevel → CCITT, palette → ASCIIHex) and ReportLab (ASCII85 + Flate), as Python systems write them.
"$PY" - "$WORK" "$OUT" <<'EOF'
import sys
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
work, out = sys.argv[1], sys.argv[2]
scan = Image.open(f"{work}/scan-bw.png").convert("1")
scan.save(f"{out}/pillow-bilevel.pdf", resolution=150)
Image.open(f"{work}/photo.jpg").resize((310, 438)).convert("P").save(f"{out}/pillow-palette.pdf", resolution=37.5)
c = canvas.Canvas(f"{out}/reportlab.pdf", pagesize=A4)
c.setTitle("qualification statement (test data)")
c.drawString(72, 780, "Qualification statement - generated by ReportLab (test data)")
c.drawInlineImage(Image.open(f"{work}/photo.jpg"), 72, 300, 300, 425)
c.linkURL("https://example.invalid/guide", (72, 770, 300, 790))
c.showPage()
c.save()
EOF

# ---------------------------------------------------------------- qpdf: structure and owner-password encryption
SRC=$OUT/libreoffice-writer-docx.pdf
qpdf --object-streams=generate "$SRC" "$OUT/qpdf-object-streams.pdf"
qpdf --linearize "$SRC" "$OUT/qpdf-linearized.pdf"
qpdf --allow-weak-crypto --encrypt "" owner 40 -- "$SRC" "$OUT/qpdf-owner-rc4-40.pdf"
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n --print=low -- "$SRC" "$OUT/qpdf-owner-rc4-128.pdf"
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n --force-V4 -- "$SRC" "$OUT/qpdf-owner-rc4-128-v4.pdf"
qpdf --encrypt "" owner 128 --use-aes=y -- --object-streams=generate "$SRC" "$OUT/qpdf-owner-aes-128-objstm.pdf"
qpdf --encrypt "" owner 256 --print=none --modify=none --extract=n -- "$SRC" "$OUT/qpdf-owner-aes-256.pdf"
qpdf --encrypt "" owner 256 --force-R5 -- "$SRC" "$OUT/qpdf-owner-aes-256-r5.pdf"
qpdf --encrypt "" owner 256 -- --object-streams=generate "$OUT/chromium-print.pdf" "$OUT/qpdf-owner-aes-256-chromium.pdf"
qpdf --encrypt "" owner 256 --cleartext-metadata -- --object-streams=generate "$OUT/libreoffice-writer-pdfa2b.pdf" "$OUT/qpdf-owner-aes-256-cleartext-metadata.pdf"
qpdf --encrypt "" owner 128 --use-aes=y -- "$OUT/img2pdf-jpeg-scan.pdf" "$OUT/qpdf-owner-aes-128-scan.pdf"

# ---------------------------------------------------------------- refused: a password is needed, or decryption reveals active content
qpdf --allow-weak-crypto --encrypt user owner 40 -- "$SRC" "$REFUSED/qpdf-user-rc4-40.pdf"
qpdf --allow-weak-crypto --encrypt user owner 128 --use-aes=n -- "$SRC" "$REFUSED/qpdf-user-rc4-128.pdf"
qpdf --encrypt user owner 128 --use-aes=y -- "$SRC" "$REFUSED/qpdf-user-aes-128.pdf"
qpdf --encrypt user owner 256 -- "$SRC" "$REFUSED/qpdf-user-aes-256.pdf"
qpdf --encrypt user owner 256 --force-R5 -- "$SRC" "$REFUSED/qpdf-user-aes-256-r5.pdf"
qpdf --encrypt "" owner 256 -- --object-streams=generate "$HOSTILE/js-in-objstm.pdf" "$REFUSED/qpdf-owner-aes-256-js-in-objstm.pdf"
qpdf --encrypt "" owner 128 --use-aes=y -- --object-streams=generate "$HOSTILE/js-in-objstm.pdf" "$REFUSED/qpdf-owner-aes-128-js-in-objstm.pdf"
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n -- --object-streams=generate "$HOSTILE/embedded-file.pdf" "$REFUSED/qpdf-owner-rc4-128-embedded-file.pdf"
# A content-stream bomb (1 GiB of zeros, Flate twice) behind AES-256: the budget counts after decryption.
node --import tsx --input-type=module -e "import { writeFileSync } from 'node:fs'; import { makeContentBombPdf } from './scripts/make-pdf-fixtures.ts'; writeFileSync('$WORK/bomb.pdf', await makeContentBombPdf(1024 * 1024 * 1024, { layers: 2 }));"
qpdf --encrypt "" owner 256 -- --stream-data=preserve "$WORK/bomb.pdf" "$REFUSED/qpdf-owner-aes-256-content-bomb.pdf"

# ---------------------------------------------------------------- real documents already on a Debian machine
for f in /usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf \
  /usr/share/doc/texlive-doc/latex/seminar/semsamp3.pdf \
  /usr/share/doc/texlive-doc/latex/tools/tools-overview.pdf \
  /usr/share/doc/texlive-doc/latex/hyperref/backref.pdf; do
  [ -f "$f" ] && cp "$f" "$OUT/debian-$(basename "$f")"
done

ls -l "$OUT" "$REFUSED" | awk '{print $5, $9}'
du -sh "$OUT"
