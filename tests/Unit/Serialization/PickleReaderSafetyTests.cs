using System;
using System.Text;
using MemcachePS.Core.Serialization;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization
{
    /// <summary>Pickles that would run code in Python are refused by name; nothing in them is ever looked up or called.</summary>
    public class PickleReaderSafetyTests
    {
        private static MemcachedSerializationException Refusal(byte[] pickle) =>
            Assert.Throws<MemcachedSerializationException>(() => PickleReader.Read(pickle));

        private static MemcachedSerializationException Refusal(string latin1) => Refusal(Encoding.Latin1.GetBytes(latin1));

        [Theory]
        [InlineData(0, "GLOBAL")]
        [InlineData(1, "GLOBAL")]
        [InlineData(2, "GLOBAL")]
        [InlineData(3, "GLOBAL")]
        [InlineData(4, "STACK_GLOBAL")]
        [InlineData(5, "STACK_GLOBAL")]
        public void An_os_system_payload_is_refused_naming_the_opcode_and_the_function(int protocol, string opcode)
        {
            var e = Refusal(Convert.FromHexString(PickleVectors.OsSystem[protocol]));

            Assert.Contains($"opcode {opcode} (posix.system)", e.Message);
            Assert.Contains("never executed", e.Message);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(3)]
        [InlineData(5)]
        public void A_reference_to_eval_is_refused(int protocol)
        {
            var e = Refusal(Convert.FromHexString(PickleVectors.Eval[protocol]));

            Assert.Contains("builtins.eval", e.Message.Replace("__builtin__", "builtins"));
        }

        [Theory]
        [InlineData("\u0080\u0002}}b.", "BUILD")]
        [InlineData("\u0080\u0002(o.", "OBJ")]
        [InlineData("\u0080\u0002))\u0081.", "NEWOBJ")]
        [InlineData("\u0080\u0004)))\u0092.", "NEWOBJ_EX")]
        [InlineData("Pkey\n.", "PERSID")]
        [InlineData("\u0080\u0002N" + "Q.", "BINPERSID")]
        [InlineData("\u0080\u0002\u0082\u0001.", "EXT1")]
        [InlineData("\u0080\u0002\u0083\u0001\u0000.", "EXT2")]
        [InlineData("\u0080\u0002\u0084\u0001\u0000\u0000\u0000.", "EXT4")]
        [InlineData("\u0080\u0005\u0097.", "NEXT_BUFFER")]
        [InlineData("\u0080\u0005\u0098.", "READONLY_BUFFER")]
        [InlineData("\u0080\u0002N)R.", "REDUCE")]
        public void An_opcode_that_builds_objects_is_refused_by_name(string pickle, string opcode)
        {
            var e = Refusal(pickle);

            Assert.StartsWith($"Python pickle refused at offset ", e.Message);
            Assert.Contains($"opcode {opcode} ", e.Message);
        }

        [Fact]
        public void INST_is_refused_naming_the_class_it_would_create()
        {
            var e = Refusal("(iposix\nsystem\n.");

            Assert.Contains("opcode INST (posix.system)", e.Message);
        }

        [Fact]
        public void A_global_outside_the_plain_data_names_is_refused_even_from_builtins()
        {
            var e = Refusal("cbuiltins\ngetattr\n.");

            Assert.Contains("opcode GLOBAL (builtins.getattr)", e.Message);
        }

        [Fact]
        public void A_recognized_name_with_arguments_other_than_plain_data_is_refused()
        {
            // _codecs.encode is only the protocol 0-2 spelling of bytes when the codec is latin1.
            var e = Refusal("c_codecs\nencode\n(Vx\nVrot13\ntR.");

            Assert.Contains("opcode REDUCE (_codecs.encode with arguments ('x', 'rot13'))", e.Message);
        }

        [Fact]
        public void The_refusal_comes_at_the_first_unsafe_opcode_with_its_offset()
        {
            var e = Refusal("\u0080\u0002]K\u0001acposix\nsystem\n.");

            Assert.StartsWith("Python pickle refused at offset 6: opcode GLOBAL (posix.system)", e.Message);
        }
    }
}
