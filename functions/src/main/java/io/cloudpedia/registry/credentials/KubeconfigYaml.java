package io.cloudpedia.registry.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the YAML that kubeconfigs are written in into a Jackson tree: block mappings and sequences (also a sequence
 * at its key's indentation, as {@code kubectl config view} writes them), plain, single- and double-quoted scalars,
 * literal and folded block scalars, one-line flow collections ({@code preferences: {}}, {@code args: ["a", "b"]}) and
 * comments. Every scalar is text, except {@code null}/{@code ~}/nothing, which is null: readers interpret booleans
 * themselves. Anchors, aliases, tags, several documents and plain scalars over several lines are refused with an
 * error. (The functions have no YAML library on their classpath; this subset covers what kubectl, kind, k3s and the
 * cloud providers' tools write.)
 *
 * <p>Error messages give a line number and what was expected, never the text: a kubeconfig holds keys and tokens.
 */
final class KubeconfigYaml {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<String> lines;
  private int pos;

  private KubeconfigYaml(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.lines = new ArrayList<>(Arrays.asList(body.split("\r?\n", -1)));
  }

  static JsonNode parse(String text) throws KubeconfigException {
    return new KubeconfigYaml(text).document();
  }

  private JsonNode document() throws KubeconfigException {
    skipInsignificant();
    if (!atEnd() && isMarker(lines.get(pos), "---")) {
      pos++;
      skipInsignificant();
    }
    if (atEnd()) {
      throw error(lines.size(), "the document is empty");
    }
    JsonNode root = block(indent(pos));
    skipInsignificant();
    if (!atEnd()) {
      if (isMarker(lines.get(pos), "...")) {
        pos++;
        skipInsignificant();
        if (atEnd()) {
          return root;
        }
      }
      if (isMarker(lines.get(pos), "---")) {
        throw error(pos + 1, "several YAML documents are not supported");
      }
      throw error(pos + 1, "expected the end of the document");
    }
    return root;
  }

  // ---- block structure ----------------------------------------------------------------------------------------

  /** The node whose first line is the current one, at {@code indent}. */
  private JsonNode block(int indent) throws KubeconfigException {
    String content = lines.get(pos).substring(indent);
    if (isSequenceEntry(content)) {
      return sequence(indent);
    }
    if (keyEnd(content, pos + 1) >= 0) {
      return mapping(indent);
    }
    int line = pos + 1;
    String value = stripComment(content);
    if (value.startsWith("|") || value.startsWith(">")) {
      throw error(line, "a block scalar must be the value of a key");
    }
    pos++;
    JsonNode node = inline(value, line);
    rejectDeeperLine(indent, "a plain scalar may not continue on the next line");
    return node;
  }

  private ArrayNode sequence(int indent) throws KubeconfigException {
    ArrayNode array = NODES.arrayNode();
    while (true) {
      skipInsignificant();
      if (atEnd() || atMarker() || indent(pos) != indent || !isSequenceEntry(lines.get(pos).substring(indent))) {
        break;
      }
      String rest = lines.get(pos).substring(indent + 1);
      String trimmed = rest.stripLeading();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        pos++;
        skipInsignificant();
        if (!atEnd() && indent(pos) > indent) {
          array.add(block(indent(pos)));
        } else {
          array.addNull();
        }
        continue;
      }
      // "- key: value" or "- - x": the entry's node starts on this line, further in; read it as if it had a line of
      // its own at that indentation.
      int itemIndent = indent + 1 + (rest.length() - trimmed.length());
      lines.set(pos, " ".repeat(itemIndent) + trimmed);
      array.add(block(itemIndent));
    }
    rejectDeeperLine(indent, "unexpected indentation");
    return array;
  }

  private ObjectNode mapping(int indent) throws KubeconfigException {
    ObjectNode object = NODES.objectNode();
    while (true) {
      skipInsignificant();
      if (atEnd() || atMarker() || indent(pos) != indent) {
        break;
      }
      String content = lines.get(pos).substring(indent);
      if (isSequenceEntry(content)) {
        throw error(pos + 1, "a sequence entry where a key was expected");
      }
      int line = pos + 1;
      int keyEnd = keyEnd(content, line);
      if (keyEnd < 0) {
        throw error(line, "expected 'key: value'");
      }
      String key = key(content.substring(0, keyEnd).strip(), line);
      if (key.equals("<<")) {
        throw error(line, "merge keys are not supported");
      }
      if (object.has(key)) {
        throw error(line, "a key appears twice in one mapping");
      }
      String value = stripComment(content.substring(keyEnd + 1)).strip();
      if (value.isEmpty()) {
        pos++;
        skipInsignificant();
        if (!atEnd() && indent(pos) > indent) {
          object.set(key, block(indent(pos)));
        } else if (!atEnd() && indent(pos) == indent && isSequenceEntry(lines.get(pos).substring(indent))) {
          object.set(key, sequence(indent));
        } else {
          object.putNull(key);
        }
      } else if (value.startsWith("|") || value.startsWith(">")) {
        pos++;
        object.put(key, blockScalar(value, indent, line));
      } else {
        pos++;
        object.set(key, inline(value, line));
        rejectDeeperLine(indent, "a plain scalar may not continue on the next line");
      }
    }
    rejectDeeperLine(indent, "unexpected indentation");
    return object;
  }

  /** A literal ({@code |}) or folded ({@code >}) scalar, its lines more indented than {@code parentIndent}. */
  private String blockScalar(String header, int parentIndent, int line) throws KubeconfigException {
    boolean literal = header.charAt(0) == '|';
    char chomping = ' ';
    int explicitIndent = 0;
    for (char c : header.substring(1).toCharArray()) {
      if ((c == '-' || c == '+') && chomping == ' ') {
        chomping = c;
      } else if (c >= '1' && c <= '9' && explicitIndent == 0) {
        explicitIndent = c - '0';
      } else {
        throw error(line, "a block scalar header must be | or > with an optional - or + and indentation digit");
      }
    }
    int contentIndent = explicitIndent > 0 ? parentIndent + explicitIndent : -1;
    List<String> body = new ArrayList<>();
    while (!atEnd()) {
      String raw = lines.get(pos);
      if (raw.isBlank()) {
        body.add("");
        pos++;
        continue;
      }
      int at = indent(pos);
      if (contentIndent < 0) {
        if (at <= parentIndent) {
          break;
        }
        contentIndent = at;
      }
      if (at < contentIndent) {
        break;
      }
      body.add(raw.substring(contentIndent));
      pos++;
    }
    int trailing = 0;
    while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
      body.remove(body.size() - 1);
      trailing++;
    }
    if (body.isEmpty()) {
      return chomping == '+' ? "\n".repeat(trailing) : "";
    }
    String text = literal ? String.join("\n", body) : fold(body);
    return switch (chomping) {
      case '-' -> text;
      case '+' -> text + "\n" + "\n".repeat(trailing);
      default -> text + "\n";
    };
  }

  /** Folding: lines of a paragraph are joined by a space, an empty line is a line break. */
  private static String fold(List<String> body) {
    StringBuilder out = new StringBuilder();
    boolean previousEmpty = true;
    for (String l : body) {
      if (l.isEmpty()) {
        out.append('\n');
        previousEmpty = true;
      } else {
        if (!previousEmpty) {
          out.append(' ');
        }
        out.append(l);
        previousEmpty = false;
      }
    }
    return out.toString();
  }

  // ---- scalars and flow collections ---------------------------------------------------------------------------

  /** A value on one line: quoted, flow collection or plain scalar; comments already removed from plain ones. */
  private static JsonNode inline(String text, int line) throws KubeconfigException {
    Flow flow = new Flow(text, line);
    JsonNode node = flow.value(false);
    flow.end();
    return node;
  }

  /** Reads one line's value; flow collections must close on the same line. */
  private static final class Flow {
    private final String s;
    private final int line;
    private int i;

    Flow(String s, int line) {
      this.s = s;
      this.line = line;
    }

    JsonNode value(boolean inFlow) throws KubeconfigException {
      skipSpaces();
      if (i >= s.length()) {
        return NODES.nullNode();
      }
      char c = s.charAt(i);
      switch (c) {
        case '&', '*', '!' -> throw error(line, "anchors, aliases and tags are not supported");
        case '@', '`' -> throw error(line, "a plain scalar may not start with a reserved character");
        case '"' -> {
          return NODES.textNode(doubleQuoted());
        }
        case '\'' -> {
          return NODES.textNode(singleQuoted());
        }
        case '[' -> {
          return flowSequence();
        }
        case '{' -> {
          return flowMapping();
        }
        default -> {
          return plain(inFlow);
        }
      }
    }

    void end() throws KubeconfigException {
      skipSpaces();
      if (i < s.length() && s.charAt(i) != '#') {
        throw error(line, "unexpected characters after a value");
      }
    }

    private ArrayNode flowSequence() throws KubeconfigException {
      i++; // [
      ArrayNode array = NODES.arrayNode();
      while (true) {
        skipSpaces();
        if (i >= s.length()) {
          throw error(line, "a flow sequence must close on the same line");
        }
        if (s.charAt(i) == ']') {
          i++;
          return array;
        }
        array.add(value(true));
        skipSpaces();
        if (i >= s.length()) {
          throw error(line, "a flow sequence must close on the same line");
        }
        if (s.charAt(i) == ',') {
          i++;
        } else if (s.charAt(i) != ']') {
          throw error(line, "expected ',' or ']' in a flow sequence");
        }
      }
    }

    private ObjectNode flowMapping() throws KubeconfigException {
      i++; // {
      ObjectNode object = NODES.objectNode();
      while (true) {
        skipSpaces();
        if (i >= s.length()) {
          throw error(line, "a flow mapping must close on the same line");
        }
        if (s.charAt(i) == '}') {
          i++;
          return object;
        }
        JsonNode key = value(true);
        if (!key.isTextual()) {
          throw error(line, "a flow mapping key must be a scalar");
        }
        skipSpaces();
        if (i >= s.length() || s.charAt(i) != ':') {
          throw error(line, "expected ':' in a flow mapping");
        }
        i++;
        object.set(key.textValue(), value(true));
        skipSpaces();
        if (i >= s.length()) {
          throw error(line, "a flow mapping must close on the same line");
        }
        if (s.charAt(i) == ',') {
          i++;
        } else if (s.charAt(i) != '}') {
          throw error(line, "expected ',' or '}' in a flow mapping");
        }
      }
    }

    private JsonNode plain(boolean inFlow) {
      int start = i;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '#' && i > start && Character.isWhitespace(s.charAt(i - 1))) {
          break;
        }
        if (inFlow && (c == ',' || c == ']' || c == '}' || c == '[' || c == '{')) {
          break;
        }
        if (inFlow && c == ':' && (i + 1 >= s.length() || s.charAt(i + 1) == ' ' || ",]}".indexOf(s.charAt(i + 1)) >= 0)) {
          break;
        }
        i++;
      }
      String text = s.substring(start, i).strip();
      return switch (text) {
        case "", "~", "null", "Null", "NULL" -> NODES.nullNode();
        default -> NODES.textNode(text);
      };
    }

    private String singleQuoted() throws KubeconfigException {
      StringBuilder out = new StringBuilder();
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '\'') {
          if (i < s.length() && s.charAt(i) == '\'') {
            out.append('\'');
            i++;
          } else {
            return out.toString();
          }
        } else {
          out.append(c);
        }
      }
      throw error(line, "a quoted scalar must close on the same line");
    }

    private String doubleQuoted() throws KubeconfigException {
      StringBuilder out = new StringBuilder();
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (i >= s.length()) {
          break;
        }
        char e = s.charAt(i++);
        switch (e) {
          case '0' -> out.append('\0');
          case 'a' -> out.append('\u0007');
          case 'b' -> out.append('\b');
          case 't', '\t' -> out.append('\t');
          case 'n' -> out.append('\n');
          case 'v' -> out.append('\u000b');
          case 'f' -> out.append('\f');
          case 'r' -> out.append('\r');
          case 'e' -> out.append('\u001b');
          case ' ' -> out.append(' ');
          case '"' -> out.append('"');
          case '/' -> out.append('/');
          case '\\' -> out.append('\\');
          case 'N' -> out.append('\u0085');
          case '_' -> out.append('\u00a0');
          case 'L' -> out.append('\u2028');
          case 'P' -> out.append('\u2029');
          case 'x' -> out.appendCodePoint(hex(2));
          case 'u' -> out.appendCodePoint(hex(4));
          case 'U' -> out.appendCodePoint(hex(8));
          default -> throw error(line, "an unknown escape sequence in a double-quoted scalar");
        }
      }
      throw error(line, "a quoted scalar must close on the same line");
    }

    private int hex(int digits) throws KubeconfigException {
      if (i + digits > s.length()) {
        throw error(line, "a short escape sequence in a double-quoted scalar");
      }
      try {
        int cp = Integer.parseInt(s.substring(i, i + digits), 16);
        i += digits;
        if (!Character.isValidCodePoint(cp)) {
          throw error(line, "an invalid escape sequence in a double-quoted scalar");
        }
        return cp;
      } catch (NumberFormatException e) {
        throw error(line, "an invalid escape sequence in a double-quoted scalar");
      }
    }

    private void skipSpaces() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }
  }

  // ---- lines --------------------------------------------------------------------------------------------------

  /**
   * Where the key of a block mapping entry ends (the index of its ':'), or -1 if {@code content} is not one: a
   * quoted key followed by ':', or a plain key up to the first ':' that is followed by a space or ends the line.
   */
  private static int keyEnd(String content, int line) throws KubeconfigException {
    if (content.isEmpty() || "[{#|>&*!".indexOf(content.charAt(0)) >= 0) {
      return -1;
    }
    char first = content.charAt(0);
    if (first == '"' || first == '\'') {
      Flow flow = new Flow(content, line);
      flow.value(false);
      int i = flow.i;
      while (i < content.length() && content.charAt(i) == ' ') {
        i++;
      }
      return i < content.length() && content.charAt(i) == ':' ? i : -1;
    }
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == '#' && i > 0 && Character.isWhitespace(content.charAt(i - 1))) {
        return -1;
      }
      if (c == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ' || content.charAt(i + 1) == '\t')) {
        return i;
      }
    }
    return -1;
  }

  private static String key(String text, int line) throws KubeconfigException {
    JsonNode key = inline(text, line);
    if (!key.isTextual()) {
      throw error(line, "a key must be a scalar");
    }
    return key.textValue();
  }

  private static boolean isSequenceEntry(String content) {
    return content.equals("-") || content.startsWith("- ") || content.startsWith("-\t");
  }

  /** A plain value's text without a trailing comment ({@code " #"}); quoted values are left to the scalar reader. */
  private static String stripComment(String text) {
    String t = text.stripLeading();
    if (t.startsWith("#")) {
      return "";
    }
    if (t.startsWith("\"") || t.startsWith("'") || t.startsWith("[") || t.startsWith("{")) {
      return text;
    }
    for (int i = 1; i < text.length(); i++) {
      if (text.charAt(i) == '#' && Character.isWhitespace(text.charAt(i - 1))) {
        return text.substring(0, i);
      }
    }
    return text;
  }

  private void rejectDeeperLine(int indent, String why) throws KubeconfigException {
    skipInsignificant();
    if (!atEnd() && indent(pos) > indent) {
      throw error(pos + 1, why);
    }
  }

  /** Skips blank and comment-only lines. */
  private void skipInsignificant() {
    while (!atEnd()) {
      String t = lines.get(pos).strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        return;
      }
      pos++;
    }
  }

  private int indent(int index) throws KubeconfigException {
    String line = lines.get(index);
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    if (n < line.length() && line.charAt(n) == '\t') {
      throw error(index + 1, "tabs may not indent YAML");
    }
    return n;
  }

  /** A document start or end marker ({@code ---}, {@code ...}) at the current line. */
  private boolean atMarker() {
    String line = lines.get(pos);
    return isMarker(line, "---") || isMarker(line, "...");
  }

  private boolean atEnd() {
    return pos >= lines.size();
  }

  private static boolean isMarker(String line, String marker) {
    return line.equals(marker) || line.startsWith(marker + " ") || line.startsWith(marker + "\t");
  }

  private static KubeconfigException error(int line, String why) {
    return new KubeconfigException("line " + line + ": " + why);
  }
}
