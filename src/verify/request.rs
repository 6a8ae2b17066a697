//! Requests `verify` sends to the running app after it is healthy, to check more than the
//! health route: `METHOD PATH [BODY] [=> TEXT]`, answered with a 2xx or 3xx status and,
//! when `=> TEXT` is given, a body that contains TEXT.

use std::time::Duration;

/// One request to send, as the user wrote it on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Sent as JSON when it starts with `{` or `[`, else as a form.
    pub body: Option<String>,
    /// Text the response body must contain.
    pub expect: Option<String>,
}

impl std::str::FromStr for Request {
    type Err = String;

    fn from_str(text: &str) -> Result<Request, String> {
        let (request, expect) = match text.split_once(" => ") {
            Some((r, e)) => (r, Some(e.to_string())),
            None => (text, None),
        };
        let mut words = request.trim().splitn(3, ' ');
        let method = words.next().unwrap_or_default();
        let path = words.next().unwrap_or_default();
        let body = words.next().map(str::trim).filter(|b| !b.is_empty());
        let known = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
        if !known.contains(&method) {
            return Err(format!(
                "expected `METHOD PATH [BODY] [=> TEXT]` with METHOD one of {}, e.g. `POST /todos {{\"title\":\"a\"}} => a`",
                known.join(", ")
            ));
        }
        if !path.starts_with('/') {
            return Err(format!(
                "the path `{path}` must start with `/`, e.g. `GET /todos`"
            ));
        }
        Ok(Request {
            method: method.to_string(),
            path: path.to_string(),
            body: body.map(str::to_string),
            expect: expect.filter(|e| !e.is_empty()),
        })
    }
}

impl std::fmt::Display for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Sends the request to the app on loopback; `Ok` with what it answered, or why it fails.
pub fn send(request: &Request, port: u16) -> Result<String, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let url = format!("http://127.0.0.1:{port}{}", request.path);
    let body = request.body.clone().unwrap_or_default();
    let content_type = if body.starts_with('{') || body.starts_with('[') {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut builder = ureq::http::Request::builder()
        .method(request.method.as_str())
        .uri(&url)
        .header("User-Agent", "dockgen-verify");
    if request.body.is_some() {
        // a browser names the page's origin on a POST; frameworks that check it (SvelteKit's
        // form actions) refuse a post without
        builder = builder
            .header("Content-Type", content_type)
            .header("Origin", format!("http://localhost:{port}"));
    }
    let http = builder.body(body).map_err(|e| e.to_string())?;
    let mut response = agent.run(http).map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    // a page is enough to find the expected text; the rest is not read
    let text = response
        .body_mut()
        .with_config()
        .limit(1 << 20)
        .read_to_string()
        .unwrap_or_default();
    let shown = shorten(&text);
    if !(200..400).contains(&status) {
        return Err(format!("HTTP {status}: {shown}"));
    }
    match &request.expect {
        Some(expect) if !text.contains(expect.as_str()) => Err(format!(
            "HTTP {status}, but the body does not contain `{expect}`: {shown}"
        )),
        _ => Ok(format!("HTTP {status}")),
    }
}

/// The first line of a body, cut to a length a report line can hold.
fn shorten(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    match line.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_read_as_written() {
        let r: Request = r#"POST /todos {"title": "a b"} => a b"#.parse().unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/todos");
        assert_eq!(r.body.as_deref(), Some(r#"{"title": "a b"}"#));
        assert_eq!(r.expect.as_deref(), Some("a b"));
        let r: Request = "GET /".parse().unwrap();
        assert_eq!((r.body, r.expect), (None, None));
        assert!("FETCH /".parse::<Request>().is_err());
        assert!("GET todos".parse::<Request>().is_err());
    }

    #[test]
    fn long_bodies_are_cut_for_the_report() {
        assert_eq!(shorten("ok\nmore"), "ok");
        assert_eq!(shorten(&"x".repeat(200)).chars().count(), 121);
    }
}
