//! Receipts: a one-page PDF for a payment, refund or payout, made in Rust with `pdf-writer`
//! in the PDF standard Helvetica (no font in the app or the file). Nothing in the file depends
//! on when or where it is made: the same record gives the same bytes (no creation date, no
//! document id).

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// What a receipt says, already in the merchant's words (amounts in their locale, the time
/// in their zone, account numbers masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// "Payment receipt", "Refund receipt", "Payout receipt".
    pub title: String,
    /// The merchant's name.
    pub merchant: String,
    /// Labelled lines, in order ("Amount", "12,50 EUR").
    pub lines: Vec<(String, String)>,
    /// "SANDBOX: no real money moved." when not in production.
    pub environment_note: Option<String>,
}

/// The characters of Windows-1252's bytes 0x80..=0x9F (the rest of its upper half is
/// Latin-1, byte = code point); `?` marks the five unassigned bytes.
const CP1252_HIGH: [char; 32] = [
    '€', '?', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '?', 'Ž', '?', '?', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '?', 'ž', 'Ÿ',
];

/// Text in the font's encoding (Windows-1252, which holds Spanish and the card mask's `•`);
/// a character outside it becomes `?`. (A 32-entry table rather than an encoding crate: the
/// crate cost the binary 21 KB of its size budget.) Statements write with it too.
pub(crate) fn encode(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            n @ (0x20..=0x7E | 0xA0..=0xFF) => n as u8,
            _ => CP1252_HIGH
                .iter()
                .position(|&h| h == c && h != '?')
                .map_or(b'?', |i| 0x80 + i as u8),
        })
        .collect()
}

/// The receipt as a PDF (A6 portrait) in Helvetica, one of the fonts every PDF reader has:
/// no font file inside, so receipts are small and the app carries no font.
pub fn pdf(r: &Receipt) -> Vec<u8> {
    let (catalog, pages, page, content_id, font) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
    );
    let (regular, bold) = (Name(b"F1"), Name(b"F2"));
    let bold_font = Ref::new(6);
    let (width, height) = (297.6, 419.5);
    let mut content = Content::new();
    let mut y = height - 40.0;
    let text = |content: &mut Content, face: Name<'_>, y: f32, size: f32, s: &str| {
        content
            .begin_text()
            .set_font(face, size)
            .next_line(24.0, y)
            .show(Str(&encode(s)))
            .end_text();
    };
    text(&mut content, bold, y, 15.0, &r.title);
    y -= 20.0;
    text(&mut content, regular, y, 11.0, &r.merchant);
    y -= 26.0;
    for (label, value) in &r.lines {
        text(&mut content, regular, y, 7.5, label);
        y -= 11.0;
        text(&mut content, bold, y, 10.0, value);
        y -= 17.0;
    }
    if let Some(note) = &r.environment_note {
        y -= 6.0;
        text(&mut content, bold, y, 9.0, note);
    }
    let content = content.finish();

    let mut w = Pdf::new();
    w.catalog(catalog).pages(pages);
    w.pages(pages).kids([page]).count(1);
    let mut p = w.page(page);
    p.media_box(Rect::new(0.0, 0.0, width, height))
        .parent(pages)
        .contents(content_id);
    let mut resources = p.resources();
    let mut fonts = resources.fonts();
    fonts.pair(regular, font);
    fonts.pair(bold, bold_font);
    fonts.finish();
    resources.finish();
    p.finish();
    w.stream(content_id, &content);
    standard_fonts(&mut w, font, bold_font);
    w.finish()
}

/// Writes Helvetica as `regular` and Helvetica-Bold as `bold`, in the encoding of
/// [`encode`]: fonts every PDF reader has, so no font file goes into the document (receipts
/// and statements alike).
pub(crate) fn standard_fonts(w: &mut Pdf, regular: Ref, bold: Ref) {
    for (id, base) in [
        (regular, Name(b"Helvetica")),
        (bold, Name(b"Helvetica-Bold")),
    ] {
        w.type1_font(id)
            .base_font(base)
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Receipt {
        Receipt {
            title: "Refund receipt".into(),
            merchant: "Panadería Núñez".into(),
            lines: vec![("Amount".into(), "1.250,50 EUR".into())],
            environment_note: Some("SANDBOX: no real money moved.".into()),
        }
    }

    #[test]
    fn spanish_and_the_card_mask_are_written_in_the_font_encoding() {
        assert_eq!(
            encode("Núñez •••• 4242"),
            b"N\xfa\xf1ez \x95\x95\x95\x95 4242"
        );
        assert_eq!(encode("₦ 5"), b"? 5");
    }

    #[test]
    fn the_same_receipt_gives_the_same_bytes() {
        assert_eq!(pdf(&sample()), pdf(&sample()));
        assert_ne!(
            pdf(&sample()),
            pdf(&Receipt {
                merchant: "Otra".into(),
                ..sample()
            })
        );
    }
}
