package io.cloudpedia.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The ARN in an STS {@code GetCallerIdentity} answer, and its canonical form. STS answers JSON when asked with
 * {@code Accept: application/json}; emulators (moto) answer the query protocol's XML whatever is asked: both are read.
 */
public final class CallerIdentity {
  /** {@code arn:PARTITION:iam|sts::ACCOUNT:RESOURCE}, printable ASCII only. */
  private static final Pattern ARN =
      Pattern.compile("arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):(iam|sts)::([0-9]{12}):([\\x21-\\x7e]{1,1800})");
  /** {@code assumed-role/ROLE/SESSION}. */
  private static final Pattern ASSUMED_ROLE = Pattern.compile("assumed-role/([^/]+)/[^/]+");

  private CallerIdentity() {}

  /** The {@code Arn} of a {@code GetCallerIdentity} answer body, JSON or XML; empty if there is none. */
  public static Optional<String> arnFromResponse(byte[] body) {
    int i = 0;
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    if (i == body.length) {
      return Optional.empty();
    }
    return body[i] == '{' ? fromJson(body) : fromXml(body);
  }

  /**
   * The ARN policies name: an assumed role's session ARN {@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION} becomes
   * the role's {@code arn:aws:iam::ACCT:role/ROLE} (the role's path is not in the session ARN, so it is lost, as in
   * aws-iam-authenticator); other ARNs are kept. Empty if this is not an IAM or STS ARN.
   */
  public static Optional<String> canonicalArn(String arn) {
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (m.group(2).equals("sts")) {
      Matcher role = ASSUMED_ROLE.matcher(m.group(4));
      if (role.matches()) {
        return Optional.of("arn:" + m.group(1) + ":iam::" + m.group(3) + ":role/" + role.group(1));
      }
    }
    return Optional.of(arn);
  }

  private static Optional<String> fromJson(byte[] body) {
    try {
      JsonNode arn = Json.mapper().readTree(body)
          .path("GetCallerIdentityResponse").path("GetCallerIdentityResult").path("Arn");
      return arn.isTextual() ? Optional.of(arn.asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> fromXml(byte[] body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // No DTDs, no external entities: the body comes from the network.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // The default handler prints to stderr; a malformed answer is simply no answer.
      builder.setErrorHandler(new DefaultHandler());
      Document document = builder.parse(new ByteArrayInputStream(body));
      Element root = document.getDocumentElement();
      if (!localName(root).equals("GetCallerIdentityResponse")) {
        return Optional.empty();
      }
      NodeList results = root.getElementsByTagNameNS("*", "GetCallerIdentityResult");
      if (results.getLength() != 1) {
        return Optional.empty();
      }
      for (var child = results.item(0).getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child instanceof Element e && localName(e).equals("Arn")) {
          return Optional.of(e.getTextContent().strip());
        }
      }
      return Optional.empty();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      return Optional.empty();
    }
  }

  private static String localName(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }
}
