//! The certificate as one A4 landscape PDF page: DejaVu Sans embedded as a subset,
//! the QR code of the verification address drawn as vector squares, a title and
//! `/Lang nl` for screen readers. Pure and blocking: callers run it through
//! `server::blocking::run_bounded`.
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
    TextRenderingMode,
};
use qrcode::{Color as Module, EcLevel, QrCode};

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Everything printed on a certificate, already in Dutch.
#[derive(Debug, Clone)]
pub struct CertificateContent {
    pub participant_name: String,
    pub cohort_period: String,
    pub learning_hours: String,
    pub practice_hours: String,
    pub trainings: Vec<String>,
    pub interview_date: String,
    /// "Name (Vrijwilligersacademie)", "Name (Hogeschool van Amsterdam)".
    pub assessors: [String; 2],
    pub issued_on: String,
    pub number: String,
    pub verify_url: String,
    /// Seconds since 1970, for the document's creation date.
    pub issued_at_unix: i64,
}

/// Parsing a font costs more than laying out a certificate: once per process. One
/// face only: headings are set "bold" by stroking the outline too, which halves the
/// embedded font data (a second subset, DejaVu Sans Bold, cost 11 KB and 1.5 ms each).
fn font() -> &'static ParsedFont {
    static FONT: OnceLock<ParsedFont> = OnceLock::new();
    FONT.get_or_init(|| ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new()).expect("the bundled DejaVu Sans parses"))
}

const PAGE_W: f32 = 297.0;
const PAGE_H: f32 = 210.0;
const TEAL: (f32, f32, f32) = (0.0, 0.35, 0.42);
const INK: (f32, f32, f32) = (0.1, 0.1, 0.1);
const GREY: (f32, f32, f32) = (0.3, 0.3, 0.3);

fn colour((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// Width of `text` in millimetres at `size` points.
fn text_width(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let azul = font.as_azul();
    let units = f32::from(azul.pdf_font_metrics.units_per_em.max(1));
    let advance: u32 =
        text.chars().map(|c| u32::from(azul.lookup_glyph_index(c as u32).map_or(0, |g| azul.get_horizontal_advance(g)))).sum();
    Mm::from(Pt(advance as f32 / units * size)).0
}

/// Splits `text` into lines no wider than `max_mm`; a word wider than a line is
/// broken between letters.
fn wrap(font: &ParsedFont, text: &str, size: f32, max_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let words = text.split_whitespace().flat_map(|word| break_word(font, word, size, max_mm));
    for word in words {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if !line.is_empty() && text_width(font, &candidate, size) > max_mm {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `word` in pieces no wider than `max_mm` (most words are one piece).
fn break_word(font: &ParsedFont, word: &str, size: f32, max_mm: f32) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for c in word.chars() {
        let last = pieces.last_mut().expect("one piece at least");
        last.push(c);
        if last.chars().count() > 1 && text_width(font, last, size) > max_mm {
            last.pop();
            pieces.push(c.to_string());
        }
    }
    pieces
}

/// Widest a name may be: the frame's inside with a margin on both sides.
const NAME_MAX_MM: f32 = 250.0;

/// The name's size and lines: as large as fits on one line (26 down to 16 pt), else
/// wrapped on two lines at the largest size that fits (16 down to 9 pt).
fn name_layout(font: &ParsedFont, name: &str) -> (f32, Vec<String>) {
    for size in [26.0, 24.0, 22.0, 20.0, 18.0, 16.0] {
        if text_width(font, name, size) <= NAME_MAX_MM {
            return (size, vec![name.to_owned()]);
        }
    }
    for size in [16.0, 15.0, 14.0, 13.0, 12.0, 11.0, 10.0] {
        let lines = wrap(font, name, size, NAME_MAX_MM);
        if lines.len() <= 2 {
            return (size, lines);
        }
    }
    (9.0, wrap(font, name, 9.0, NAME_MAX_MM))
}

struct Page {
    ops: Vec<Op>,
    font: FontId,
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Centre,
}

impl Page {
    fn text(&mut self, text: &str, bold: bool, size: f32, x_mm: f32, y_mm: f32, align: Align, rgb: (f32, f32, f32)) {
        // A stroke of 3 % of the size along the outline, as a bold face would thicken it.
        let stroke = if bold { size * 0.03 } else { 0.0 };
        let x = match align {
            Align::Left => x_mm,
            Align::Centre => x_mm - (text_width(font(), text, size) + Mm::from(Pt(stroke)).0) / 2.0,
        };
        let mode = if bold { TextRenderingMode::FillStroke } else { TextRenderingMode::Fill };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: colour(rgb) },
            Op::SetOutlineColor { col: colour(rgb) },
            Op::SetOutlineThickness { pt: Pt(stroke) },
            Op::SetTextRenderingMode { mode },
            Op::SetFont { font: PdfFontHandle::External(self.font.clone()), size: Pt(size) },
            Op::SetTextCursor { pos: Point { x: Mm(x).into_pt(), y: Mm(y_mm).into_pt() } },
            Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
            Op::EndTextSection,
        ]);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Mm(x).into_pt(),
                y: Mm(y).into_pt(),
                width: Mm(w).into_pt(),
                height: Mm(h).into_pt(),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    /// The QR code of `data` as filled squares, `size` mm wide, lower-left at (x, y).
    fn qr(&mut self, data: &str, x: f32, y: f32, size: f32) {
        let Ok(code) = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) else { return };
        let width = code.width();
        // Four modules of quiet zone on each side, as scanners expect.
        let module = size / (width + 8) as f32;
        self.ops.push(Op::SetFillColor { col: colour((1.0, 1.0, 1.0)) });
        self.rect(x, y, size, size, PaintMode::Fill);
        self.ops.push(Op::SetFillColor { col: colour((0.0, 0.0, 0.0)) });
        for (i, m) in code.to_colors().into_iter().enumerate() {
            if m == Module::Dark {
                let (col, row) = ((i % width) as f32, (i / width) as f32);
                // A hair wider than a module, so neighbours leave no seams when rendered.
                self.rect(x + (col + 4.0) * module, y + size - (row + 5.0) * module, module * 1.02, module * 1.02, PaintMode::Fill);
            }
        }
    }
}

/// The certificate's PDF bytes.
pub fn render(content: &CertificateContent) -> Vec<u8> {
    let mut doc = PdfDocument::new(&format!("Certificaat Leerlijn Buurtteams – {}", content.participant_name));
    let info = &mut doc.metadata.info;
    info.author = "Vrijwilligersacademie Amsterdam en Hogeschool van Amsterdam".into();
    info.creator = "Leerlijn".into();
    info.producer = "Leerlijn".into();
    info.subject = format!("Certificaat {}", content.number);
    info.identifier = content.number.clone();
    if let Ok(at) = printpdf::OffsetDateTime::from_unix_timestamp(content.issued_at_unix) {
        info.creation_date = at.clone();
        info.modification_date = at.clone();
        info.metadata_date = at;
    }
    let mut page = Page { ops: Vec::new(), font: doc.add_font(font()) };
    let centre = PAGE_W / 2.0;

    // Frame: a teal band on top and a thin border.
    page.ops.push(Op::SetFillColor { col: colour(TEAL) });
    page.rect(0.0, PAGE_H - 8.0, PAGE_W, 8.0, PaintMode::Fill);
    page.ops.push(Op::SetOutlineColor { col: colour(TEAL) });
    page.ops.push(Op::SetOutlineThickness { pt: Pt(1.2) });
    page.rect(10.0, 10.0, PAGE_W - 20.0, PAGE_H - 26.0, PaintMode::Stroke);

    page.text("Vrijwilligersacademie Amsterdam  ·  Hogeschool van Amsterdam", false, 11.0, centre, 176.0, Align::Centre, GREY);
    page.text("Certificaat", true, 34.0, centre, 158.0, Align::Centre, TEAL);
    page.text("Leerlijn Buurtteams", true, 18.0, centre, 146.0, Align::Centre, INK);
    page.text("Hierbij verklaren wij dat", false, 12.0, centre, 134.0, Align::Centre, INK);
    let (name_size, name_lines) = name_layout(font(), &content.participant_name);
    match name_lines.as_slice() {
        [one] => page.text(one, true, name_size, centre, 121.0, Align::Centre, INK),
        lines => {
            for (i, line) in lines.iter().enumerate() {
                page.text(line, true, name_size, centre, 124.0 - i as f32 * name_size * 0.45, Align::Centre, INK);
            }
        }
    }
    page.text(
        "de leerlijn voor ervaringsdeskundigen in de Amsterdamse buurtteams met goed gevolg heeft afgerond.",
        false,
        12.0,
        centre,
        111.0,
        Align::Centre,
        INK,
    );

    let mut y = 97.0;
    let mut line = |page: &mut Page, label: &str, value: &str| {
        page.text(label, true, 10.5, 30.0, y, Align::Left, INK);
        for (i, part) in wrap(font(), value, 10.5, 150.0).into_iter().take(3).enumerate() {
            page.text(&part, false, 10.5, 78.0, y - i as f32 * 5.0, Align::Left, INK);
            if i > 0 {
                y -= 5.0;
            }
        }
        y -= 7.0;
    };
    line(&mut page, "Periode", &content.cohort_period);
    line(&mut page, "Uren", &format!("{} leeruren en {} praktijkuren", content.learning_hours, content.practice_hours));
    let trainings = if content.trainings.is_empty() { "–".to_owned() } else { content.trainings.join(", ") };
    line(&mut page, "Trainingen", &trainings);
    line(&mut page, "Eindgesprek", &content.interview_date);
    line(&mut page, "Beoordelaars", &format!("{} en {}", content.assessors[0], content.assessors[1]));
    line(&mut page, "Uitgegeven", &content.issued_on);

    page.text("Certificaatnummer", false, 9.0, 30.0, 24.0, Align::Left, GREY);
    page.text(&content.number, true, 13.0, 30.0, 18.0, Align::Left, INK);
    page.text("Echt? Controleer het nummer of scan de code:", false, 9.0, 110.0, 24.0, Align::Left, GREY);
    page.text(&content.verify_url, false, 9.0, 110.0, 18.5, Align::Left, TEAL);
    page.qr(&content.verify_url, PAGE_W - 10.0 - 42.0, 12.0, 40.0);

    doc.with_pages(vec![PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page.ops)]);
    let mut lopdf_doc = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut Vec::new());
    with_language(&mut lopdf_doc);
    compress(&mut lopdf_doc);
    let mut bytes = Vec::with_capacity(32 * 1024);
    if lopdf_doc.save_to(&mut bytes).is_err() {
        bytes.clear();
    }
    bytes
}

/// Deflates the streams at zlib's default level: lopdf's own `compress` uses the
/// highest, which took 40 % of a certificate's time for a few hundred bytes less.
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let Ok(compressed) = encoder.write_all(&stream.content).and_then(|()| encoder.finish()) else { continue };
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// `/Lang (nl)` on the catalog, and the title shown instead of the file name.
fn with_language(doc: &mut lopdf::Document) {
    let Ok(root) = doc.trailer.get(b"Root").and_then(lopdf::Object::as_reference) else { return };
    if let Ok(catalog) = doc.get_object_mut(root).and_then(lopdf::Object::as_dict_mut) {
        catalog.set("Lang", lopdf::Object::string_literal("nl"));
        catalog.set("ViewerPreferences", lopdf::dictionary! { "DisplayDocTitle" => true });
    }
}

#[cfg(test)]
mod tests {
    use super::{font, name_layout, text_width, NAME_MAX_MM};

    /// The longest name the invite form takes (100 characters), in the widest letters,
    /// with and without spaces, stays inside the frame on at most two lines.
    #[test]
    fn any_name_fits_inside_the_frame() {
        let spaced = "Wwwwwwww Mmmmmmmm ".repeat(6);
        for name in ["Anna Çelik-Brouwer".to_owned(), "W".repeat(100), "M".repeat(60), spaced.trim().chars().take(100).collect()] {
            let (size, lines) = name_layout(font(), &name);
            assert!(lines.len() <= 2, "{name}: {lines:?}");
            assert!(size >= 9.0);
            for line in &lines {
                assert!(text_width(font(), line, size) <= NAME_MAX_MM, "{name}: {line} at {size} pt");
            }
            assert_eq!(lines.concat().replace(' ', ""), name.replace(' ', ""), "nothing of the name is lost");
        }
        assert_eq!(name_layout(font(), "Anna Çelik-Brouwer"), (26.0, vec!["Anna Çelik-Brouwer".to_owned()]), "a usual name as before");
    }
}
