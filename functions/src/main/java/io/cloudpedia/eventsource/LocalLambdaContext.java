package io.cloudpedia.eventsource;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Context} of one local invocation: a fresh request id and a deadline of one function timeout. */
public final class LocalLambdaContext implements Context {
  private static final Logger LOG = LoggerFactory.getLogger("io.cloudpedia.eventsource.LambdaLogger");

  private final String requestId = UUID.randomUUID().toString();
  private final String functionName;
  private final String region;
  private final int memoryMb;
  private final long deadlineNanos;

  public LocalLambdaContext(String functionName, String region, int memoryMb, Duration timeout) {
    this.functionName = functionName;
    this.region = region;
    this.memoryMb = memoryMb;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + region + ":000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        LOG.info(message);
      }

      @Override
      public void log(byte[] message) {
        LOG.info(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
