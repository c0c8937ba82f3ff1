"""A readable name for an AWS page, from its URL alone: lists of sources show names, not raw URLs.

The notes record each source's URL, not its title; AWS URLs say enough to name the page:

    docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
        -> "Sqs visibility timeout (SQS Developer Guide)"
    aws.amazon.com/about-aws/whats-new/2025/12/amazon-s3-maximum-object-size-50-tb/
        -> "Amazon s3 maximum object size 50 tb (What's New, December 2025)"
    aws.amazon.com/lambda/pricing/ -> "Lambda pricing (aws.amazon.com)"
"""

from __future__ import annotations

import calendar
import re
from urllib.parse import urlsplit

# Guide folders as AWS's own pages title them ("developerguide" -> "Developer Guide").
GUIDE_WORDS = {"dg": "Developer Guide", "developerguide": "Developer Guide", "userguide": "User Guide",
               "apireference": "API Reference", "api": "API Reference", "bestpracticesguide": "Best Practices Guide",
               "gsg": "Getting Started Guide", "cli": "CLI"}


# Words a URL writes in lower case that AWS's pages write otherwise.
SPELLING = {word.lower(): word for word in
            "AWS SQS SNS API APIs S3 ECS EKS EC2 FIFO FAQs MQ SDK KMS IAM HTTP HTTPS TB GB MB KB DynamoDB".split()}


def _words(slug: str) -> str:
    """"sqs-visibility-timeout" -> "SQS visibility timeout"; "API_ChangeMessageVisibility" kept as written."""
    text = " ".join(SPELLING.get(word, word) for word in re.sub(r"[-_]+", " ", slug).split())
    return text[:1].upper() + text[1:]


def _split_camel(name: str) -> str:
    """"SQSDeveloperGuide" -> "SQS Developer Guide"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)


def source_title(url: str) -> str:
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    page = re.sub(r"\.html?$", "", segments[-1]) if segments else ""
    if parts.hostname == "docs.aws.amazon.com" and len(segments) >= 4 and segments[1] == "latest":
        product = _split_camel(segments[0])
        product = product[:1].upper() + product[1:]
        guide = segments[2].lower()  # "SQSDeveloperGuide" names its product; "developerguide" does not
        name = f"{product} {GUIDE_WORDS[guide]}" if guide in GUIDE_WORDS else _split_camel(segments[2])
        return f"{_words(page)} ({name})" if page and page.lower() != "welcome" else name
    if parts.hostname == "aws.amazon.com" and segments[:2] == ["about-aws", "whats-new"] and len(segments) >= 5:
        year, month = segments[2], segments[3]
        when = f"{calendar.month_name[int(month)]} {year}" if month.isdigit() and 1 <= int(month) <= 12 else year
        return f"{_words(segments[-1])} (What's New, {when})"
    if parts.hostname == "aws.amazon.com" and segments[:1] == ["blogs"] and len(segments) >= 3:
        return f"{_words(segments[-1])} (AWS {_words(segments[1])} Blog)"
    if parts.hostname == "aws.amazon.com" and segments:
        return f"{_words(' '.join(segments))} ({parts.hostname})"
    return f"{_words(page)} ({parts.hostname})" if page else (parts.hostname or url)
