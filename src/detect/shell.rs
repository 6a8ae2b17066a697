//! The small part of POSIX shell that start commands are written in (`package.json` scripts,
//! Procfile lines, `start.sh` wrappers): simple commands of words joined by `&&`, each with
//! `NAME=value` prefixes, quotes and backslashes. Anything else a shell would interpret
//! (`;`, `||`, pipes, redirections, `$(…)`, variables, globs, comments) is refused with what
//! was found, so a command taken from here means in exec form what it meant under `sh -c`.
//!
//! No crate fits: `shlex` and `shell-words` split words but cannot tell an operator from a
//! quoted `'&&'`, and the full shell parsers are unmaintained or far larger than this.

use super::Arg;

/// One simple command: its `NAME=value` prefixes and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simple {
    pub env: Vec<(String, String)>,
    /// `$PORT` (or `${PORT}`) as a whole word is [`Arg::Port`]: the container sets `PORT`.
    pub words: Vec<Arg>,
}

impl Simple {
    /// The words as text (`$PORT` written back as it was).
    pub fn text(&self) -> Vec<String> {
        self.words
            .iter()
            .map(|w| match w {
                Arg::Word(w) => w.clone(),
                _ => "$PORT".to_string(),
            })
            .collect()
    }

    /// The word at `i`, if it is text.
    pub fn word(&self, i: usize) -> Option<&str> {
        match self.words.get(i)? {
            Arg::Word(w) => Some(w),
            _ => None,
        }
    }
}

/// Splits `line` into its `&&`-joined simple commands, or says which shell syntax it holds
/// (`"\`;\`"`, `"a variable (\`$HOME\`)"`).
pub fn parse(line: &str) -> Result<Vec<Simple>, String> {
    let mut commands = Vec::new();
    let mut current = Simple {
        env: Vec::new(),
        words: Vec::new(),
    };
    let mut lexer = Lexer {
        chars: line.trim().chars().peekable(),
    };
    loop {
        match lexer.token()? {
            Token::Word(word) => {
                // a prefix `NAME=value` assigns only before the command's first word
                match (&word, current.words.is_empty()) {
                    (Lexed::Text { text, bare_name }, true) if *bare_name => {
                        let (name, value) = text.split_once('=').unwrap_or_default();
                        current.env.push((name.to_string(), value.to_string()));
                    }
                    (Lexed::Text { text, .. }, _) => current.words.push(Arg::Word(text.clone())),
                    (Lexed::Port, _) => current.words.push(Arg::Port),
                }
            }
            token @ (Token::And | Token::End) => {
                let end = matches!(token, Token::End);
                if current.words.is_empty() {
                    return Err(if current.env.is_empty() && commands.is_empty() && end {
                        "no command".to_string()
                    } else {
                        "an `&&` with no command on one side".to_string()
                    });
                }
                commands.push(std::mem::replace(
                    &mut current,
                    Simple {
                        env: Vec::new(),
                        words: Vec::new(),
                    },
                ));
                if end {
                    return Ok(commands);
                }
            }
        }
    }
}

enum Lexed {
    /// `bare_name`: the text starts with an unquoted `NAME=`, which makes it an assignment.
    Text {
        text: String,
        bare_name: bool,
    },
    Port,
}

enum Token {
    Word(Lexed),
    And,
    End,
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl Lexer<'_> {
    fn token(&mut self) -> Result<Token, String> {
        while self.chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let Some(&first) = self.chars.peek() else {
            return Ok(Token::End);
        };
        if first == '&' {
            self.chars.next();
            if self.chars.next_if_eq(&'&').is_some() {
                return Ok(Token::And);
            }
            return Err("`&` (a job in the background)".into());
        }
        if first == '$' {
            return self.variable();
        }
        if first == '#' {
            return Err("a comment (`#`)".into());
        }
        if first == '~' {
            return Err("a home folder (`~`)".into());
        }
        let mut text = String::new();
        // the unquoted leading part, to tell `NAME=value` from a word
        let mut bare = String::new();
        let mut quoted = false;
        while let Some(&c) = self.chars.peek() {
            match c {
                ' ' | '\t' => break,
                '&' => break,
                '\'' => {
                    self.chars.next();
                    quoted = true;
                    loop {
                        match self.chars.next() {
                            Some('\'') => break,
                            Some(c) => text.push(c),
                            None => return Err("an unterminated `'`".into()),
                        }
                    }
                }
                '"' => {
                    self.chars.next();
                    quoted = true;
                    loop {
                        match self.chars.next() {
                            Some('"') => break,
                            Some(c @ ('$' | '`' | '\\')) => {
                                return Err(format!("`{c}` inside double quotes"))
                            }
                            Some(c) => text.push(c),
                            None => return Err("an unterminated `\"`".into()),
                        }
                    }
                }
                '\\' => {
                    self.chars.next();
                    match self.chars.next() {
                        Some('\n') | None => return Err("a line continuation (`\\`)".into()),
                        Some(c) => {
                            quoted = true;
                            text.push(c);
                        }
                    }
                }
                '$' => return Err("a variable (`$`) inside a word".into()),
                '\n' | '\r' => return Err("a line break".into()),
                ';' | '|' | '<' | '>' | '(' | ')' | '`' | '*' | '?' | '[' => {
                    return Err(match c {
                        '|' if self.peek_second() == Some('|') => "`||`".to_string(),
                        '*' | '?' | '[' => format!("a wildcard (`{c}`)"),
                        _ => format!("`{c}`"),
                    });
                }
                c => {
                    self.chars.next();
                    text.push(c);
                    if !quoted {
                        bare.push(c);
                    }
                }
            }
        }
        let bare_name = bare
            .split_once('=')
            .is_some_and(|(name, _)| is_env_name(name));
        Ok(Token::Word(Lexed::Text { text, bare_name }))
    }

    fn peek_second(&self) -> Option<char> {
        let mut ahead = self.chars.clone();
        ahead.next();
        ahead.next()
    }

    /// `$PORT` or `${PORT}` as a whole word; any other expansion is refused.
    fn variable(&mut self) -> Result<Token, String> {
        let mut word = String::new();
        while let Some(c) = self.chars.next_if(|c| !matches!(c, ' ' | '\t' | '&')) {
            word.push(c);
        }
        if word == "$PORT" || word == "${PORT}" {
            return Ok(Token::Word(Lexed::Port));
        }
        Err(format!("a variable or expansion (`{word}`)"))
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`: a name the shell assigns with `NAME=value`.
/// A word as a POSIX shell reads it back: left bare when it is plainly safe, else
/// single-quoted.
pub fn quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/:=@+,%".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    type Env = Vec<(String, String)>;

    fn words(line: &str) -> Vec<(Env, Vec<String>)> {
        parse(line)
            .unwrap()
            .into_iter()
            .map(|s| (s.env.clone(), s.text()))
            .collect()
    }

    fn w(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn simple_commands_joined_by_and() {
        assert_eq!(
            words("npm run build && node dist/server.js"),
            [
                (vec![], w(&["npm", "run", "build"])),
                (vec![], w(&["node", "dist/server.js"]))
            ]
        );
        assert_eq!(
            words("NODE_ENV=production TZ='UTC' node --enable-source-maps server.js"),
            [(
                vec![
                    ("NODE_ENV".into(), "production".into()),
                    ("TZ".into(), "UTC".into())
                ],
                w(&["node", "--enable-source-maps", "server.js"])
            )]
        );
        // an assignment after the first word is an argument; a quoted name is a word
        assert_eq!(
            words("node a.js X=1 'Y=2'"),
            [(vec![], w(&["node", "a.js", "X=1", "Y=2"]))]
        );
        assert_eq!(
            words(r#"node "my app.js" a\ b"#),
            [(vec![], w(&["node", "my app.js", "a b"]))]
        );
        assert_eq!(
            parse("node server.js --port $PORT").unwrap()[0].words[3],
            Arg::Port
        );
    }

    #[test]
    fn other_shell_syntax_is_refused() {
        for (line, why) in [
            ("node a.js; echo hi", "`;`"),
            ("node a.js || true", "`||`"),
            ("node a.js | tee log", "`|`"),
            ("node a.js > log", "`>`"),
            ("node a.js &", "`&` (a job in the background)"),
            ("node $(cat entry)", "a variable or expansion (`$(cat`)"),
            ("node $ENTRY", "a variable or expansion (`$ENTRY`)"),
            ("node \"$ENTRY\"", "`$` inside double quotes"),
            ("node dist/*.js", "a wildcard (`*`)"),
            ("node a.js # run", "a comment (`#`)"),
            ("node 'a.js", "an unterminated `'`"),
            ("&& node a.js", "an `&&` with no command on one side"),
            ("node a.js &&", "an `&&` with no command on one side"),
            ("", "no command"),
            ("node a.js\nnode b.js", "a line break"),
        ] {
            assert_eq!(parse(line), Err(why.to_string()), "{line}");
        }
    }
}
