/**
 * {@code ingest}: CloudTrail trail files read from S3 as their notifications arrive on an SQS
 * queue, each record written to the input topic with the splitter {@code load} uses, in one Kafka
 * transaction per file together with an entry of the ledger of ingested objects. See {@link
 * dev.trailinsights.ingest.Ingestor} for the delivery guarantee and docs/ingest.md for the AWS
 * set-up.
 */
package dev.trailinsights.ingest;
