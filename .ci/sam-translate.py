#!/usr/bin/env python3
"""Translate template.yaml offline with AWS SAM's own translator (the `samtranslator` package, what `sam validate`,
`sam build` and CloudFormation's AWS::Serverless transform run), without AWS credentials or the `sam` CLI.

    AWS_DEFAULT_REGION=us-east-1 .ci/sam-translate.py template.yaml [--output translated.json]
    .ci/sam-translate.py template.yaml --samconfig samconfig.toml --config-env prod [--parameters-output p.json]
    .ci/sam-translate.py --samconfig-json samconfig.toml    # samconfig.toml as JSON (a TOML syntax check)

Local CodeUri/ContentUri/DefinitionUri paths (what `sam deploy` uploads) are replaced, in memory only, by
s3://cloudpedia-offline-translation/<the local path>, so the translated AWS::Lambda::Function's Code.S3Key still names
the jar. With --config-env, the environment's parameter_overrides (and region) from samconfig.toml are checked against
the template's Parameters (known name, AllowedValues, MinValue/MaxValue, AllowedPattern, MinLength/MaxLength) and used
for the translation; --parameters-output writes the parameter values used (defaults, then overrides). Errors go to stdout one per line, prefixed "error: "; the exit code is 0 only without errors.
tests/src/test/java/io/cloudpedia/deploy/SamTemplateTest runs this.
"""
import argparse
import json
import os
import re
import shlex
import sys

PLACEHOLDER_BUCKET = "cloudpedia-offline-translation"
# Properties that `sam deploy` uploads when they name a local path, per SAM resource type.
UPLOADED = {
    "AWS::Serverless::Function": "CodeUri",
    "AWS::Serverless::LayerVersion": "ContentUri",
    "AWS::Serverless::Api": "DefinitionUri",
    "AWS::Serverless::HttpApi": "DefinitionUri",
    "AWS::Serverless::StateMachine": "DefinitionUri",
}
GLOBALS = {"Function": "CodeUri", "Api": "DefinitionUri", "HttpApi": "DefinitionUri"}


class OfflinePolicyLoader:
    """Managed policies by name come from samtranslator's bundled list; anything else would need IAM, so it fails."""

    def load(self):
        raise RuntimeError("a managed policy name unknown to samtranslator's bundled list: use its ARN instead")


def to_s3(value):
    if isinstance(value, str) and not value.startswith("s3://"):
        return "s3://%s/%s" % (PLACEHOLDER_BUCKET, value.lstrip("./"))
    return value


def substitute_local_paths(template):
    for section, prop in GLOBALS.items():
        props = template.get("Globals", {}).get(section, {})
        if prop in props:
            props[prop] = to_s3(props[prop])
    for resource in template.get("Resources", {}).values():
        prop = UPLOADED.get(resource.get("Type"))
        props = resource.get("Properties", {})
        if prop and prop in props:
            props[prop] = to_s3(props[prop])


def overrides_from_samconfig(path, env):
    import tomllib

    with open(path, "rb") as f:
        config = tomllib.load(f)
    if env not in config:
        raise SystemExit("error: samconfig %s has no environment [%s]" % (path, env))
    section = config[env]
    deploy = section.get("deploy", {}).get("parameters", {})
    glob = section.get("global", {}).get("parameters", {})
    raw = deploy.get("parameter_overrides", glob.get("parameter_overrides", []))
    items = shlex.split(raw) if isinstance(raw, str) else list(raw)
    overrides = {}
    for item in items:
        match = re.fullmatch(r"ParameterKey=([^,]+),ParameterValue=(.*)", item) or re.fullmatch(r"([^=]+)=(.*)", item)
        if not match:
            raise SystemExit("error: parameter override %r is not Name=Value" % item)
        overrides[match.group(1)] = match.group(2)
    region = deploy.get("region", glob.get("region"))
    return overrides, region


def check_overrides(template, overrides):
    errors = []
    parameters = template.get("Parameters", {})
    for name, value in overrides.items():
        spec = parameters.get(name)
        if spec is None:
            errors.append("parameter override %s: the template has no such parameter" % name)
            continue
        allowed = spec.get("AllowedValues")
        if allowed is not None and value not in [str(a) for a in allowed]:
            errors.append("parameter override %s=%s: not one of %s" % (name, value, allowed))
        if spec.get("Type") == "Number":
            try:
                number = float(value)
            except ValueError:
                errors.append("parameter override %s=%s: not a number" % (name, value))
                continue
            if "MinValue" in spec and number < float(spec["MinValue"]):
                errors.append("parameter override %s=%s: below MinValue %s" % (name, value, spec["MinValue"]))
            if "MaxValue" in spec and number > float(spec["MaxValue"]):
                errors.append("parameter override %s=%s: above MaxValue %s" % (name, value, spec["MaxValue"]))
        else:
            pattern = spec.get("AllowedPattern")
            if pattern is not None and not re.fullmatch(pattern, value):
                errors.append("parameter override %s=%s: does not match %s" % (name, value, pattern))
            if "MinLength" in spec and len(value) < int(spec["MinLength"]):
                errors.append("parameter override %s=%s: shorter than %s" % (name, value, spec["MinLength"]))
            if "MaxLength" in spec and len(value) > int(spec["MaxLength"]):
                errors.append("parameter override %s=%s: longer than %s" % (name, value, spec["MaxLength"]))
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("template", nargs="?")
    parser.add_argument("--samconfig-json", metavar="SAMCONFIG", help="print this samconfig.toml as JSON and exit")
    parser.add_argument("--parameters-output", help="write the parameter values used (JSON) here")
    parser.add_argument("--output", help="write the translated CloudFormation template (JSON) here")
    parser.add_argument("--samconfig", help="samconfig.toml, for --config-env")
    parser.add_argument("--config-env", help="take parameter overrides and region from this samconfig environment")
    parser.add_argument("--region", help="default: AWS_DEFAULT_REGION, or the samconfig environment's region")
    args = parser.parse_args()
    if args.samconfig_json:
        import tomllib

        with open(args.samconfig_json, "rb") as f:
            try:
                print(json.dumps(tomllib.load(f), indent=1, sort_keys=True))
            except tomllib.TOMLDecodeError as e:
                print("error: %s is not valid TOML: %s" % (args.samconfig_json, e))
                return 1
        return 0
    if not args.template:
        parser.error("the template is required")

    overrides, region = {}, None
    if args.config_env:
        overrides, region = overrides_from_samconfig(args.samconfig or "samconfig.toml", args.config_env)
    region = args.region or region or os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")
    if not region:
        print("error: no region: set AWS_DEFAULT_REGION or pass --region")
        return 1
    # samtranslator asks boto3 for the region (pseudo parameters, ARN partition).
    os.environ["AWS_DEFAULT_REGION"] = region

    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse

    with open(args.template, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    errors = check_overrides(template, overrides)
    substitute_local_paths(template)
    try:
        translated = transform(template, dict(overrides), OfflinePolicyLoader())
    except InvalidDocumentException as e:
        errors.extend(cause.message for cause in e.causes)
        translated = None
    for error in errors:
        print("error: " + " ".join(str(error).split()))
    if translated is None or errors:
        return 1
    if args.parameters_output:
        values = {name: str(spec["Default"]) for name, spec in template.get("Parameters", {}).items() if "Default" in spec}
        values.update(overrides)
        with open(args.parameters_output, "w", encoding="utf-8") as f:
            json.dump({"region": region, "parameters": values}, f, indent=1, sort_keys=True)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            json.dump(translated, f, indent=1, sort_keys=True)
    types = sorted(r["Type"] for r in translated.get("Resources", {}).values())
    print("translated %s (region %s%s): %d resources: %s" % (
        args.template, region, ", environment " + args.config_env if args.config_env else "", len(types),
        ", ".join("%s x%d" % (t, types.count(t)) for t in sorted(set(types)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
