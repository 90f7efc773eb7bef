import Anser from "anser";

// A log line with its ANSI colours shown as colours (anser parses the escape sequences; React
// escapes the text, so a line can never inject markup). Lines without escapes stay plain text.
const HAS_ESCAPE = /\x1b\[/;

export function AnsiText({ text }: { text: string }) {
  if (!HAS_ESCAPE.test(text)) return <>{text}</>;
  return (
    <>
      {Anser.ansiToJson(text, { json: true, remove_empty: true }).map((c, i) => {
        const bold = c.decorations.includes("bold");
        const style = {
          color: c.fg ? `rgb(${c.fg})` : undefined,
          backgroundColor: c.bg ? `rgb(${c.bg})` : undefined,
          fontWeight: bold ? 600 : undefined,
        };
        return style.color || style.backgroundColor || bold ? (
          <span key={i} style={style} data-ansi="">
            {c.content}
          </span>
        ) : (
          <span key={i}>{c.content}</span>
        );
      })}
    </>
  );
}

/** The text without escape sequences (for downloads and search). */
export const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
