//! The numbered listing of a source file, as HTML: the example pages' code (written by
//! `cargo xtask docs`) and the book's pages of source files (written by `cargo xtask book`).

/// `source` with each line numbered, as HTML that Markdown passes through and forges show
/// as a code block; mdBook's highlight.js (10.1) colours it as Rust.
pub fn listing(stem: &str, source: &str) -> String {
    listing_in("rust", stem, source)
}

/// [`listing`] in any language that highlight.js knows (`plaintext` for none).
///
/// Each line is a `<span id="STEM-N" class="line">` holding its number, in a
/// `<span class="number">`, and its text with the newline: links such as the table's
/// `[14](#main-14)` land on the line, which a fenced block could not give an id. In the book,
/// docs/listing.css makes each line a block that wraps with a hanging indent of `hang-W`
/// (the number's width) and greys the numbers; highlight.js keeps the spans as it colours.
/// Forges show the plain `<pre>`, with each line on its own line.
pub fn listing_in(language: &str, stem: &str, source: &str) -> String {
    let (width, mut out) = (source.lines().count().to_string().len(), String::new());
    for (n, line) in (1..).zip(source.lines()) {
        let line = line.replace('&', "&amp;").replace('<', "&lt;");
        let line = line.replace('>', "&gt;");
        out += &format!(
            "<span id=\"{stem}-{n}\" class=\"line\"><span class=\"number\">{n:>width$}  </span>{line}\n</span>"
        );
    }
    let hang = width + 2;
    format!(
        "\n<pre class=\"listing hang-{hang}\"><code class=\"language-{language}\">{out}</code></pre>\n\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_escapes_the_code_and_gives_each_line_an_id() {
        let code = "if a < b && c > d {\n\n}\n".repeat(4);
        let html = listing("fetch_add", &code);
        let line = |n: &str, text: &str| {
            let id = n.trim();
            format!(
                "<span id=\"fetch_add-{id}\" class=\"line\"><span class=\"number\">{n}  </span>{text}\n</span>"
            )
        };
        let first = line(" 1", "if a &lt; b &amp;&amp; c &gt; d {") + &line(" 2", "");
        let start = "\n<pre class=\"listing hang-4\"><code class=\"language-rust\">";
        assert!(html.starts_with(&format!("{start}{first}")), "{html}");
        assert!(html.ends_with(&format!("{}</code></pre>\n\n", line("12", "}"))), "{html}");
        assert!(listing_in("toml", "Cargo", "a = 1\n").contains("class=\"language-toml\""));
    }
}
