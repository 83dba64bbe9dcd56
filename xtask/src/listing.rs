//! The numbered listing of a source file, as HTML: the example pages' code (written by
//! `cargo xtask docs`) and the book's source pages (written by `cargo xtask book`).

/// `source` with each line numbered, as HTML that Markdown passes through and forges show
/// as a code block. Line N's number is `<span id="STEM-N">`, which links such as the
/// table's `[14](#main-14)` point at; a fenced block could hold no ids. mdBook's
/// highlight.js (10.1) colours the Rust and keeps the spans; docs/listing.css greys them.
pub fn listing(stem: &str, source: &str) -> String {
    let (width, mut out) = (source.lines().count().to_string().len(), String::new());
    for (n, line) in (1..).zip(source.lines()) {
        let line = line.replace('&', "&amp;").replace('<', "&lt;");
        let line = line.replace('>', "&gt;");
        out += &format!("<span id=\"{stem}-{n}\">{n:>width$}  </span>{line}\n");
    }
    format!("\n<pre><code class=\"language-rust\">{out}</code></pre>\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_escapes_the_code_and_gives_each_line_an_id() {
        let code = "if a < b && c > d {\n\n}\n".repeat(4);
        let html = listing("fetch_add", &code);
        assert!(html.starts_with("\n<pre><code class=\"language-rust\"><span id=\"fetch_add-1\"> 1  </span>if a &lt; b &amp;&amp; c &gt; d {\n<span id=\"fetch_add-2\"> 2  </span>\n"));
        assert!(html.ends_with("<span id=\"fetch_add-12\">12  </span>}\n</code></pre>\n\n"));
    }
}
