using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;
using Xunit;

namespace MemcachePS.Tests.Module.Errors
{
    public class ErrorRecordsTests
    {
        [Fact]
        public void The_record_carries_the_id_category_and_the_key_as_target()
        {
            var record = ErrorRecords.Create(ErrorCatalog.Miss("k", "h:1"));

            Assert.Equal("ItemNotFound", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
            Assert.Equal("k", record.TargetObject);
            Assert.Equal("h:1", Assert.IsType<MemcachedException>(record.Exception).Server);
        }

        [Fact]
        public void Without_a_key_the_server_is_the_target()
        {
            var exception = new MemcachedConnectionException("refused") { Server = "h:1" };

            var record = ErrorRecords.Create(ErrorCatalog.ForException(exception));

            Assert.Equal("h:1", record.TargetObject);
            Assert.Same(exception, record.Exception);
        }

        [Fact]
        public void A_message_that_differs_from_the_exceptions_is_shown_as_the_details()
        {
            var exception = new MemcachedServerException("CLIENT_ERROR cannot increment or decrement non-numeric value");

            var record = ErrorRecords.Create(ErrorCatalog.ForException(exception, "hits"));

            Assert.Contains("'hits' is not a decimal counter", record.ErrorDetails.Message);
            Assert.Same(exception, record.Exception);
        }

        [Fact]
        public void The_same_message_leaves_the_details_empty()
        {
            var record = ErrorRecords.Create(ErrorCatalog.ForException(new MemcachedTimeoutException("slow")));

            Assert.Null(record.ErrorDetails);
        }
    }
}
