"""Text of the E-kirjasto cooperation agreement and its appendices, in Finnish and Swedish.
Written for this project; placeholders are filled per municipality."""

# Each document is a list of blocks (kind, text):
#   "title"      the document title, once, first
#   "h"          a numbered section heading
#   "p"          a paragraph
#   "li"         a bullet item
#   "fee_table"  text None: the place of the fee figures table
#   "signatures" text None: the place of the signature block
# Only AGREEMENT contains placeholders ({{ name }}); the appendices have none.

AGREEMENT = {
    "fi": [
        ("title", "Yhteistyösopimus E-kirjastoon liittymisestä"),
        ("p", "Sopimusmallin versio {{ template_version }}"),
        ("h", "1. Sopijapuolet"),
        (
            "li",
            "Kansalliskirjasto, joka toimii Helsingin yliopiston erillislaitoksena "
            "(jäljempänä ”Kansalliskirjasto”)",
        ),
        (
            "li",
            "{{ municipality_name }}, kuntanumero {{ municipality_code }}, "
            "Y-tunnus {{ business_id }} (jäljempänä ”kunta”)",
        ),
        (
            "p",
            "Kunnan yhteyshenkilö tätä sopimusta koskevissa asioissa on {{ contact_name }} "
            "({{ contact_email }}).",
        ),
        (
            "p",
            "Kansalliskirjastosta ja kunnasta käytetään jäljempänä myös nimitystä ”osapuoli” "
            "ja yhdessä ”osapuolet”.",
        ),
        ("h", "2. Sopimuksen tausta ja tarkoitus"),
        (
            "p",
            "E-kirjasto on Kansalliskirjaston ylläpitämä kansallinen yhteinen e-kirjasto, joka "
            "tarjoaa siihen liittyneiden kuntien asukkaille e-kirjoja, äänikirjoja ja digitaalisia "
            "lehtiä. Palvelu on liittyneiden kuntien yhteinen palvelu, ja kunnat osallistuvat sen "
            "sisältöjen ja toiminnan kehittämiseen.",
        ),
        (
            "p",
            "Sopimus tukee kunnan tehtävää järjestää yleisten kirjastojen palveluja yleisistä "
            "kirjastoista annetun lain (1492/2016) mukaisesti.",
        ),
        (
            "p",
            "Tällä sopimuksella kunta liittyy E-kirjastoon, ja osapuolet sopivat palvelun "
            "tuottamista, kunnan osallistumista, maksuja ja henkilötietojen käsittelyä koskevista "
            "ehdoista. Sopimus on sisällöltään sama kaikille E-kirjastoon liittyville kunnille.",
        ),
        ("h", "3. Määritelmät"),
        (
            "li",
            "Palvelu tai E-kirjasto: Kansalliskirjaston ylläpitämä kansallinen "
            "e-kirjastopalvelu, joka on kuvattu tarkemmin liitteessä 2.",
        ),
        (
            "li",
            "Aineisto: palvelussa käytettävissä olevat e-kirjat, äänikirjat ja digitaaliset "
            "lehdet.",
        ),
        (
            "li",
            "Käyttöoikeus (lukuoikeus): aineiston tarjoajalta hankittu oikeus antaa aineisto "
            "palvelun käyttäjien luettavaksi tai kuunneltavaksi.",
        ),
        ("li", "Käyttäjä: liittyneen kunnan asukas, joka käyttää palvelua."),
        (
            "li",
            "Kirjastokimppa: kuntien yhteistyö, jossa useampi kunta käyttää yhteistä "
            "kirjastojärjestelmää.",
        ),
        (
            "li",
            "Liittymisohjelma: Kansalliskirjaston liittymisohjelma {{ programme_name }}, jossa "
            "määritellään kuntien liittämisen aikataulu ja maksujen laskentaperusteet.",
        ),
        ("li", "Käyttöönottopäivä: päivä, josta alkaen kunnan asukkaat voivat käyttää palvelua."),
        ("h", "4. Palvelu"),
        (
            "p",
            "Asukkaat käyttävät E-kirjastoa mobiilisovelluksella. Palvelussa on aineistoa suomeksi, "
            "ruotsiksi ja englanniksi sekä jonkin verran muillakin kielillä.",
        ),
        (
            "p",
            "Käyttäjä tunnistautuu palveluun vahvalla sähköisellä tunnistamisella, esimerkiksi "
            "pankkitunnuksilla. Tunnistamisen yhteydessä palvelu tarkistaa, onko käyttäjän "
            "kotikunta liittynyt E-kirjastoon. Palvelua voivat käyttää vain liittyneiden kuntien "
            "asukkaat.",
        ),
        (
            "p",
            "Kansalliskirjasto hankkii aineistojen käyttöoikeudet keskitetysti kaikkien "
            "liittyneiden kuntien asukkaiden käyttöön ja hankkii lisää käyttöoikeuksia, kun "
            "aineistojen varausjonot kasvavat.",
        ),
        (
            "p",
            "Tavoitteena on, että kunta liitetään palveluun {{ launch_date }} alkaen, jos kunta "
            "allekirjoittaa sopimuksen viimeistään {{ signing_deadline }}. Kirjastokimppaan "
            "kuuluvat kunnat liitetään palveluun yhdessä, kun kimpan kaikki kunnat ovat "
            "allekirjoittaneet sopimuksen.",
        ),
        ("p", "Palvelun sisältö ja toiminnot on kuvattu tarkemmin liitteessä 2 (palvelukuvaus)."),
        ("h", "5. Kunnan velvollisuudet"),
        ("p", "Kunta sitoutuu"),
        (
            "li",
            "osallistumaan mahdollisuuksiensa mukaan aineistojen valintaan ja palvelun "
            "kehittämiseen esimerkiksi Kansalliskirjaston kokoamien työryhmien kautta",
        ),
        (
            "li",
            "ohjaamaan ja neuvomaan asukkaitaan palvelun käytössä kirjastonsa asiakaspalvelussa",
        ),
        (
            "li",
            "markkinoimaan palvelua paikallisesti esimerkiksi Kansalliskirjaston tarjoamaa "
            "materiaalia hyödyntäen",
        ),
        (
            "li",
            "pitämään Kansalliskirjastolle ilmoittamansa yhteyshenkilö-, laskutus- ja "
            "verkkolaskutustiedot ajan tasalla",
        ),
        (
            "li",
            "ilmoittamaan Kansalliskirjastolle viipymättä sopimukseen vaikuttavista muutoksista, "
            "kuten kuntaliitoksista, kirjastokimppaan liittymisestä tai siitä eroamisesta sekä "
            "kirjastojärjestelmän vaihtumisesta",
        ),
        (
            "li",
            "huolehtimaan siitä, että sen kirjasto liitetään palveluun kirjastokimppansa tai "
            "kirjastojärjestelmänsä ({{ consortium_name }}) kautta, ja osallistumaan tarvittaessa "
            "liittämisen edellyttämiin toimiin",
        ),
        ("li", "hoitamaan liitteen 1 mukaiset rekisterinpitäjän tehtävät."),
        ("h", "6. Kansalliskirjaston velvollisuudet"),
        ("p", "Kansalliskirjasto sitoutuu"),
        ("li", "ylläpitämään ja kehittämään palvelua yhteistyössä liittyneiden kuntien kanssa"),
        ("li", "hankkimaan aineistojen käyttöoikeudet ja lisäämään niitä varausjonojen kasvaessa"),
        (
            "li",
            "huolehtimaan palvelun teknisestä toteutuksesta ja integraatioista, mukaan lukien "
            "kuntien ja kirjastokimppojen liittäminen palveluun",
        ),
        (
            "li",
            "tarjoamaan kuntien kirjastojen henkilökunnalle tukea, ohjeita ja koulutusmateriaalia "
            "asukkaiden ohjaamiseen ja palvelun markkinointiin",
        ),
        ("li", "toimittamaan kunnille kuntakohtaisia tilastoja palvelun käytöstä"),
        (
            "li",
            "huolehtimaan siitä, että palvelu täyttää digitaalisten palvelujen tarjoamisesta "
            "annetun lain (306/2019) saavutettavuusvaatimukset",
        ),
        ("li", "käsittelemään henkilötietoja liitteen 1 mukaisesti."),
        ("h", "7. Maksut ja laskutus"),
        (
            "p",
            "Kunta maksaa palvelusta vuosimaksun, joka lasketaan kertomalla asukaskohtainen hinta "
            "kunnan asukasluvulla ja laskutettavien kuukausien osuudella vuodesta. Maksu "
            "pyöristetään sentin tarkkuuteen:",
        ),
        ("p", "vuosimaksu = asukaskohtainen hinta × asukasluku × laskutettavat kuukaudet / 12"),
        (
            "p",
            "Asukaskohtainen hinta on {{ rate }} asukasta kohden vuodessa. Asukaslukuna käytetään "
            "liittymisohjelman sääntöjen mukaisesti Tilastokeskuksen vahvistamaa kunnan asukaslukua "
            "maksuvuotta edeltävän vuoden 31. joulukuuta. Kunnan asukasluku {{ population_date }} "
            "oli {{ population }}.",
        ),
        (
            "p",
            "Täydeltä kalenterivuodelta laskutettavia kuukausia on 12, ja vuosimaksu on "
            "{{ annual_fee }}. Ensimmäisenä sopimusvuonna {{ first_year }} kunta maksaa vain "
            "käyttöönottopäivästä {{ launch_date }} alkavaa aikaa vastaavan osuuden: laskutettavia "
            "kuukausia on {{ first_year_months }}, ja ensimmäisen vuoden maksu on "
            "{{ first_year_fee }}. Jos palvelu otetaan kunnassa käyttöön myöhemmin, ensimmäisen "
            "vuoden maksu lasketaan samoin perustein todellisesta käyttöönottopäivästä. Seuraavien "
            "vuosien maksut lasketaan samalla kaavalla kunkin maksuvuoden asukasluvun perusteella.",
        ),
        ("p", "Kunnan maksut ovat seuraavat:"),
        ("fee_table", None),
        (
            "p",
            "Kansalliskirjasto laskuttaa maksun kerran vuodessa verkkolaskuna kunnan ilmoittamaan "
            "verkkolaskuosoitteeseen. Ensimmäisen vuoden maksu laskutetaan palvelun käyttöönoton "
            "jälkeen. Maksuehto on 21 päivää netto laskun päiväyksestä. Viivästyneestä maksusta "
            "Kansalliskirjastolla on oikeus periä korkolain (633/1982) mukainen viivästyskorko.",
        ),
        (
            "p",
            "Maksuihin lisätään arvonlisävero, jos sitä on voimassa olevan lainsäädännön mukaan "
            "suoritettava.",
        ),
        ("p", "Asukaskohtaisen hinnan muuttamisesta sovitaan kohdan 10 mukaisesti."),
        ("h", "8. Tietosuoja"),
        (
            "p",
            "Kunta on rekisterinpitäjä niiden henkilötietojen osalta, joita palvelussa käsitellään "
            "sen asukkaiden käyttäessä palvelua. Kansalliskirjasto käsittelee näitä henkilötietoja "
            "kunnan lukuun henkilötietojen käsittelijänä. Osapuolet noudattavat henkilötietojen "
            "käsittelyssä Euroopan parlamentin ja neuvoston asetusta (EU) 2016/679 (yleinen "
            "tietosuoja-asetus), tietosuojalakia (1050/2018) ja liitteenä 1 olevaa henkilötietojen "
            "käsittelysopimusta.",
        ),
        (
            "p",
            "Kumpikin osapuoli on itsenäinen rekisterinpitäjä niiden toisen osapuolen "
            "yhteyshenkilöiden tietojen osalta, joita se käsittelee sopimuksen hallinnointia, "
            "yhteydenpitoa ja laskutusta varten.",
        ),
        (
            "p",
            "Kansalliskirjasto raportoi kunnille tilastoja vain yhdistelmätietoina, joista "
            "yksittäistä käyttäjää ei voi tunnistaa.",
        ),
        ("h", "9. Voimassaolo ja irtisanominen"),
        (
            "p",
            "Sopimus tulee voimaan, kun molemmat osapuolet ovat allekirjoittaneet sen, ja se on "
            "voimassa toistaiseksi.",
        ),
        (
            "p",
            "Kumpikin osapuoli voi irtisanoa sopimuksen päättymään kalenterivuoden lopussa. "
            "Irtisanomisaika on kuusi (6) kuukautta, ja irtisanominen on tehtävä kirjallisesti.",
        ),
        (
            "p",
            "Osapuoli voi purkaa sopimuksen, jos toinen osapuoli rikkoo sopimusta olennaisesti eikä "
            "korjaa menettelyään kohtuullisessa ajassa kirjallisen huomautuksen jälkeen.",
        ),
        (
            "p",
            "Sopimuksen päättyessä kunnan asukkaiden oikeus käyttää palvelua päättyy. "
            "Kansalliskirjasto poistaa tai palauttaa kunnan lukuun käsittelemänsä henkilötiedot "
            "liitteen 1 mukaisesti. Sopimuksen päättyminen ei vaikuta jo erääntyneisiin maksuihin.",
        ),
        ("h", "10. Sopimuksen muuttaminen"),
        (
            "p",
            "Sopimuksen muutokset on tehtävä kirjallisesti, ja ne tulevat voimaan, kun molemmat "
            "osapuolet ovat hyväksyneet ne.",
        ),
        (
            "p",
            "Koska sopimus on sama kaikille liittyneille kunnille, Kansalliskirjasto voi esittää "
            "muutoksia sopimukseen ja sen liitteisiin. Ennen muutosehdotuksen tekemistä "
            "Kansalliskirjasto järjestää liittyneille kunnille kommenttikierroksen ja ottaa saadut "
            "kommentit huomioon harkintansa mukaan. Muutosehdotus toimitetaan kunnille kirjallisesti "
            "hyvissä ajoin ennen muutoksen aiottua voimaantuloa.",
        ),
        ("p", "Jos kunta ei hyväksy muutosta, se voi irtisanoa sopimuksen kohdan 9 mukaisesti."),
        ("h", "11. Erimielisyyksien ratkaiseminen"),
        (
            "p",
            "Osapuolet pyrkivät ratkaisemaan sopimuksesta aiheutuvat erimielisyydet ensisijaisesti "
            "neuvottelemalla. Jos erimielisyyttä ei saada ratkaistua neuvotteluin, se ratkaistaan "
            "Helsingin käräjäoikeudessa.",
        ),
        ("p", "Sopimukseen sovelletaan Suomen lakia."),
        ("h", "12. Liitteet"),
        ("p", "Sopimukseen kuuluvat seuraavat liitteet:"),
        ("li", "Liite 1: Henkilötietojen käsittelysopimus"),
        ("li", "Liite 2: Palvelukuvaus"),
        (
            "p",
            "Jos sopimuksen ja liitteiden välillä on ristiriita, sovelletaan ensisijaisesti tätä "
            "sopimusta ja sen jälkeen liitteitä numerojärjestyksessä. Henkilötietojen käsittelyä "
            "koskevissa asioissa sovelletaan kuitenkin ensisijaisesti liitettä 1.",
        ),
        ("p", "Sopimus on laadittu suomeksi ja ruotsiksi. Kieliversiot ovat yhtä pätevät."),
        ("h", "13. Allekirjoitukset"),
        (
            "p",
            "Sopimus allekirjoitetaan sähköisesti. Kumpikin osapuoli saa allekirjoitetun sopimuksen "
            "itselleen.",
        ),
        ("signatures", None),
    ],
    "sv": [
        ("title", "Samarbetsavtal om anslutning till E-biblioteket"),
        ("p", "Avtalsmallens version {{ template_version }}"),
        ("h", "1. Avtalsparter"),
        (
            "li",
            "Nationalbiblioteket, som är en fristående inrättning vid Helsingfors universitet "
            "(nedan ”Nationalbiblioteket”)",
        ),
        (
            "li",
            "{{ municipality_name }}, kommunnummer {{ municipality_code }}, "
            "FO-nummer {{ business_id }} (nedan ”kommunen”)",
        ),
        (
            "p",
            "Kommunens kontaktperson i frågor som gäller detta avtal är {{ contact_name }} "
            "({{ contact_email }}).",
        ),
        (
            "p",
            "Nationalbiblioteket och kommunen kallas nedan också ”part” och tillsammans "
            "”parterna”.",
        ),
        ("h", "2. Avtalets bakgrund och syfte"),
        (
            "p",
            "E-biblioteket är ett nationellt gemensamt e-bibliotek som upprätthålls av "
            "Nationalbiblioteket och som erbjuder e-böcker, ljudböcker och digitala tidskrifter "
            "till invånarna i de kommuner som har anslutit sig. Tjänsten är de anslutna kommunernas "
            "gemensamma tjänst, och kommunerna deltar i utvecklingen av dess innehåll och "
            "verksamhet.",
        ),
        (
            "p",
            "Avtalet stöder kommunens uppgift att ordna allmänna bibliotekstjänster enligt lagen om "
            "allmänna bibliotek (1492/2016).",
        ),
        (
            "p",
            "Genom detta avtal ansluter sig kommunen till E-biblioteket, och parterna kommer överens "
            "om villkoren för produktionen av tjänsten, kommunens medverkan, avgifterna och "
            "behandlingen av personuppgifter. Avtalet har samma innehåll för alla kommuner som "
            "ansluter sig till E-biblioteket.",
        ),
        ("h", "3. Definitioner"),
        (
            "li",
            "Tjänsten eller E-biblioteket: den nationella e-bibliotekstjänst som upprätthålls av "
            "Nationalbiblioteket och som beskrivs närmare i bilaga 2.",
        ),
        (
            "li",
            "Material: e-böcker, ljudböcker och digitala tidskrifter som finns tillgängliga i "
            "tjänsten.",
        ),
        (
            "li",
            "Användningsrättighet (läsrättighet): en av materialleverantören förvärvad rätt att "
            "låta tjänstens användare läsa eller lyssna på materialet.",
        ),
        ("li", "Användare: en invånare i en ansluten kommun som använder tjänsten."),
        (
            "li",
            "Bibliotekskonsortium: ett samarbete där flera kommuner använder ett gemensamt "
            "bibliotekssystem.",
        ),
        (
            "li",
            "Anslutningsprogram: Nationalbibliotekets anslutningsprogram {{ programme_name }}, där "
            "tidtabellen för anslutningen av kommunerna och grunderna för beräkningen av "
            "avgifterna fastställs.",
        ),
        (
            "li",
            "Ibruktagningsdag: den dag från och med vilken kommunens invånare kan använda "
            "tjänsten.",
        ),
        ("h", "4. Tjänsten"),
        (
            "p",
            "Invånarna använder E-biblioteket med en mobilapplikation. Tjänsten innehåller material "
            "på finska, svenska och engelska samt i viss mån på andra språk.",
        ),
        (
            "p",
            "Användaren loggar in i tjänsten med stark autentisering, till exempel nätbankskoder. "
            "I samband med autentiseringen kontrollerar tjänsten om användarens hemkommun har "
            "anslutit sig till E-biblioteket. Endast invånare i anslutna kommuner får använda "
            "tjänsten.",
        ),
        (
            "p",
            "Nationalbiblioteket förvärvar användningsrättigheterna till materialet centralt för "
            "invånarna i alla anslutna kommuner och skaffar fler användningsrättigheter när "
            "reservationsköerna till materialet växer.",
        ),
        (
            "p",
            "Målet är att kommunen ansluts till tjänsten från och med {{ launch_date }}, om kommunen "
            "undertecknar avtalet senast {{ signing_deadline }}. Kommuner som hör till ett "
            "bibliotekskonsortium ansluts till tjänsten tillsammans när alla kommuner i konsortiet "
            "har undertecknat avtalet.",
        ),
        (
            "p",
            "Tjänstens innehåll och funktioner beskrivs närmare i bilaga 2 (tjänstebeskrivning).",
        ),
        ("h", "5. Kommunens skyldigheter"),
        ("p", "Kommunen förbinder sig att"),
        (
            "li",
            "efter förmåga delta i valet av material och i utvecklingen av tjänsten, till exempel "
            "genom de arbetsgrupper som Nationalbiblioteket tillsätter",
        ),
        (
            "li",
            "handleda och ge råd till sina invånare om användningen av tjänsten i bibliotekets "
            "kundtjänst",
        ),
        (
            "li",
            "marknadsföra tjänsten lokalt, till exempel med hjälp av material som "
            "Nationalbiblioteket tillhandahåller",
        ),
        (
            "li",
            "hålla de uppgifter om kontaktpersoner, fakturering och e-fakturering som den har "
            "meddelat Nationalbiblioteket uppdaterade",
        ),
        (
            "li",
            "utan dröjsmål underrätta Nationalbiblioteket om förändringar som påverkar avtalet, "
            "såsom kommunsammanslagningar, anslutning till eller utträde ur ett "
            "bibliotekskonsortium samt byte av bibliotekssystem",
        ),
        (
            "li",
            "se till att dess bibliotek ansluts till tjänsten via dess bibliotekskonsortium eller "
            "bibliotekssystem ({{ consortium_name }}) och vid behov medverka i de åtgärder som "
            "anslutningen förutsätter",
        ),
        ("li", "sköta den personuppgiftsansvariges uppgifter enligt bilaga 1."),
        ("h", "6. Nationalbibliotekets skyldigheter"),
        ("p", "Nationalbiblioteket förbinder sig att"),
        ("li", "upprätthålla och utveckla tjänsten i samarbete med de anslutna kommunerna"),
        (
            "li",
            "förvärva användningsrättigheter till materialet och utöka dem när reservationsköerna "
            "växer",
        ),
        (
            "li",
            "svara för tjänstens tekniska genomförande och integrationer, inklusive anslutningen av "
            "kommunerna och bibliotekskonsortierna till tjänsten",
        ),
        (
            "li",
            "ge personalen vid kommunernas bibliotek stöd, anvisningar och utbildningsmaterial för "
            "handledningen av invånarna och marknadsföringen av tjänsten",
        ),
        ("li", "leverera kommunvis statistik över användningen av tjänsten till kommunerna"),
        (
            "li",
            "se till att tjänsten uppfyller tillgänglighetskraven i lagen om tillhandahållande av "
            "digitala tjänster (306/2019)",
        ),
        ("li", "behandla personuppgifter i enlighet med bilaga 1."),
        ("h", "7. Avgifter och fakturering"),
        (
            "p",
            "Kommunen betalar för tjänsten en årsavgift som beräknas genom att priset per invånare "
            "multipliceras med kommunens invånarantal och med de fakturerbara månadernas andel av "
            "året. Avgiften avrundas till närmaste cent:",
        ),
        ("p", "årsavgift = pris per invånare × invånarantal × antal fakturerbara månader / 12"),
        (
            "p",
            "Priset per invånare är {{ rate }} per invånare och år. Som invånarantal används enligt "
            "anslutningsprogrammets regler det av Statistikcentralen fastställda invånarantalet i "
            "kommunen den 31 december året före avgiftsåret. Kommunens invånarantal "
            "{{ population_date }} var {{ population }}.",
        ),
        (
            "p",
            "För ett helt kalenderår är antalet fakturerbara månader 12 och årsavgiften "
            "{{ annual_fee }}. För det första avtalsåret {{ first_year }} betalar kommunen endast den "
            "andel som motsvarar tiden från och med ibruktagningsdagen {{ launch_date }}: antalet "
            "fakturerbara månader är {{ first_year_months }} och avgiften för det första året "
            "{{ first_year_fee }}. Om tjänsten tas i bruk i kommunen vid en senare tidpunkt, beräknas "
            "avgiften för det första året på samma grunder från den faktiska ibruktagningsdagen. "
            "Avgifterna för de följande åren beräknas enligt samma formel utifrån invånarantalet för "
            "respektive avgiftsår.",
        ),
        ("p", "Kommunens avgifter är följande:"),
        ("fee_table", None),
        (
            "p",
            "Nationalbiblioteket fakturerar avgiften en gång per år med e-faktura till den "
            "e-fakturaadress som kommunen har meddelat. Avgiften för det första året faktureras "
            "efter att tjänsten har tagits i bruk. Betalningsvillkoret är 21 dagar netto från "
            "fakturans datum. För försenade betalningar har Nationalbiblioteket rätt att ta ut "
            "dröjsmålsränta enligt räntelagen (633/1982).",
        ),
        (
            "p",
            "Till avgifterna läggs mervärdesskatt, om sådan ska betalas enligt gällande "
            "lagstiftning.",
        ),
        ("p", "Om ändringar av priset per invånare avtalas enligt punkt 10."),
        ("h", "8. Dataskydd"),
        (
            "p",
            "Kommunen är personuppgiftsansvarig för de personuppgifter som behandlas i tjänsten när "
            "kommunens invånare använder den. Nationalbiblioteket behandlar dessa personuppgifter "
            "för kommunens räkning som personuppgiftsbiträde. Parterna iakttar vid behandlingen av "
            "personuppgifter Europaparlamentets och rådets förordning (EU) 2016/679 (allmän "
            "dataskyddsförordning), dataskyddslagen (1050/2018) och personuppgiftsbiträdesavtalet "
            "i bilaga 1.",
        ),
        (
            "p",
            "Vardera parten är självständigt personuppgiftsansvarig för de uppgifter om den andra "
            "partens kontaktpersoner som den behandlar för administrationen av avtalet, "
            "kontakterna mellan parterna och faktureringen.",
        ),
        (
            "p",
            "Nationalbiblioteket rapporterar statistik till kommunerna endast i form av "
            "sammanställda uppgifter, ur vilka enskilda användare inte kan identifieras.",
        ),
        ("h", "9. Avtalets giltighet och uppsägning"),
        (
            "p",
            "Avtalet träder i kraft när båda parterna har undertecknat det och gäller tills "
            "vidare.",
        ),
        (
            "p",
            "Vardera parten kan säga upp avtalet att upphöra vid utgången av ett kalenderår. "
            "Uppsägningstiden är sex (6) månader, och uppsägningen ska göras skriftligen.",
        ),
        (
            "p",
            "En part får häva avtalet, om den andra parten väsentligt bryter mot avtalet och inte "
            "rättar till sitt förfarande inom skälig tid efter en skriftlig anmärkning.",
        ),
        (
            "p",
            "När avtalet upphör upphör även kommuninvånarnas rätt att använda tjänsten. "
            "Nationalbiblioteket raderar eller återlämnar de personuppgifter som det har behandlat "
            "för kommunens räkning i enlighet med bilaga 1. Avtalets upphörande påverkar inte "
            "avgifter som redan har förfallit till betalning.",
        ),
        ("h", "10. Ändringar i avtalet"),
        (
            "p",
            "Ändringar i avtalet ska göras skriftligen, och de träder i kraft när båda parterna har "
            "godkänt dem.",
        ),
        (
            "p",
            "Eftersom avtalet är detsamma för alla anslutna kommuner kan Nationalbiblioteket föreslå "
            "ändringar i avtalet och dess bilagor. Innan ett ändringsförslag läggs fram ordnar "
            "Nationalbiblioteket en kommentarsrunda för de anslutna kommunerna och beaktar enligt "
            "egen prövning de kommentarer som har kommit in. Ändringsförslaget sänds skriftligen "
            "till kommunerna i god tid innan ändringen är avsedd att träda i kraft.",
        ),
        ("p", "Om kommunen inte godkänner ändringen kan den säga upp avtalet enligt punkt 9."),
        ("h", "11. Tvister"),
        (
            "p",
            "Parterna strävar efter att i första hand lösa tvister som gäller avtalet genom "
            "förhandlingar. Om en tvist inte kan lösas genom förhandlingar avgörs den vid "
            "Helsingfors tingsrätt.",
        ),
        ("p", "På avtalet tillämpas finsk lag."),
        ("h", "12. Bilagor"),
        ("p", "Till avtalet hör följande bilagor:"),
        ("li", "Bilaga 1: Personuppgiftsbiträdesavtal"),
        ("li", "Bilaga 2: Tjänstebeskrivning"),
        (
            "p",
            "Om avtalet och bilagorna står i strid med varandra tillämpas i första hand detta avtal "
            "och därefter bilagorna i nummerordning. I frågor som gäller behandling av "
            "personuppgifter tillämpas dock i första hand bilaga 1.",
        ),
        ("p", "Avtalet har upprättats på finska och svenska. Språkversionerna är lika giltiga."),
        ("h", "13. Underskrifter"),
        (
            "p",
            "Avtalet undertecknas elektroniskt. Vardera parten får ett exemplar av det undertecknade "
            "avtalet.",
        ),
        ("signatures", None),
    ],
}


APPENDIX_DATA_PROCESSING = {
    "fi": [
        ("title", "Liite 1: Henkilötietojen käsittelysopimus"),
        ("h", "1. Tarkoitus ja soveltamisala"),
        (
            "p",
            "Tämä henkilötietojen käsittelysopimus on E-kirjastoa koskevan yhteistyösopimuksen "
            "(jäljempänä ”yhteistyösopimus”) liite 1. Siinä sovitaan henkilötietojen käsittelystä, "
            "jota Kansalliskirjasto suorittaa kunnan lukuun, Euroopan parlamentin ja neuvoston "
            "asetuksen (EU) 2016/679 (yleinen tietosuoja-asetus) 28 artiklan mukaisesti. Käsitteitä "
            "käytetään tietosuoja-asetuksen mukaisessa merkityksessä.",
        ),
        ("h", "2. Osapuolten roolit"),
        (
            "p",
            "Kunta on rekisterinpitäjä niiden henkilötietojen osalta, joita E-kirjastossa "
            "käsitellään sen asukkaiden käyttäessä palvelua. Kansalliskirjasto on henkilötietojen "
            "käsittelijä ja käsittelee henkilötietoja vain kunnan lukuun ja tämän liitteen "
            "mukaisesti.",
        ),
        (
            "p",
            "Kunta vastaa siitä, että käsittelyllä on tietosuoja-asetuksen mukainen oikeusperuste "
            "ja että rekisteröidyille annetaan tarvittavat tiedot käsittelystä. Kansalliskirjasto "
            "laatii palvelusta yhteisen tietosuojaselosteen pohjan, jota kunnat voivat käyttää.",
        ),
        ("h", "3. Käsittelyn kohde, luonne, tarkoitus ja kesto"),
        (
            "p",
            "Käsittelyn kohteena ovat E-kirjaston käyttäjien henkilötiedot. Käsittely käsittää "
            "tietojen keräämisen, tallentamisen, järjestämisen, käytön ja poistamisen sekä tietojen "
            "välittämisen alikäsittelijöille palvelun tuottamisen edellyttämässä laajuudessa. "
            "Henkilötietoja käsitellään seuraaviin tarkoituksiin:",
        ),
        ("li", "käyttäjän tunnistaminen ja käyttöoikeuden tarkistaminen kotikunnan perusteella"),
        (
            "li",
            "lainojen, varausten ja varausjonojen hallinta sekä käyttäjälle lähetettävät "
            "palveluilmoitukset",
        ),
        ("li", "käyttäjien neuvonta ja tuki sekä palvelun häiriöiden selvittäminen"),
        (
            "li",
            "palvelun käyttöä koskevien tilastojen tuottaminen yhdistelmätietoina sekä palvelun ja "
            "kokoelman kehittäminen.",
        ),
        (
            "p",
            "Käsittely kestää yhteistyösopimuksen voimassaolon ajan ja sen jälkeen kohdan 9 "
            "mukaisten toimien ajan.",
        ),
        ("h", "4. Rekisteröidyt ja henkilötietoryhmät"),
        (
            "p",
            "Rekisteröityjä ovat kunnan asukkaat, jotka käyttävät E-kirjastoa. Käsiteltäviä "
            "henkilötietoja ovat:",
        ),
        ("li", "vahvan sähköisen tunnistamisen yhteydessä saatavat yksilöinti- ja kotikuntatiedot"),
        ("li", "käyttäjätunniste ja sovelluksen asetukset"),
        ("li", "lainaus- ja varaustiedot"),
        ("li", "käyttäjän mahdollisesti antamat yhteystiedot"),
        ("li", "palvelun tekniset lokitiedot."),
        (
            "p",
            "Käsittelyn tarkoituksena ei ole käsitellä tietosuoja-asetuksen 9 ja 10 artiklassa "
            "tarkoitettuja henkilötietoja.",
        ),
        ("h", "5. Kansalliskirjaston velvollisuudet"),
        ("p", "Kansalliskirjasto"),
        (
            "li",
            "käsittelee henkilötietoja ainoastaan kunnan dokumentoitujen ohjeiden mukaisesti; "
            "yhteistyösopimus liitteineen muodostaa nämä ohjeet. Jos Kansalliskirjasto katsoo "
            "ohjeen rikkovan tietosuojasäännöksiä, se ilmoittaa siitä kunnalle viipymättä",
        ),
        (
            "li",
            "varmistaa, että henkilötietoja käsittelevät henkilöt ovat sitoutuneet "
            "salassapitoon tai heitä koskee lakisääteinen salassapitovelvollisuus",
        ),
        (
            "li",
            "toteuttaa tietosuoja-asetuksen 32 artiklan mukaiset tekniset ja organisatoriset "
            "toimenpiteet, kuten käyttöoikeuksien hallinnan, tietoliikenteen salauksen ja "
            "käsittelyn lokituksen",
        ),
        (
            "li",
            "avustaa kuntaa rekisteröityjen oikeuksia koskeviin pyyntöihin vastaamisessa sekä "
            "tietosuoja-asetuksen 32–36 artiklan velvoitteiden täyttämisessä; koska palvelu on "
            "liittyneille kunnille yhteinen, Kansalliskirjasto voi kuntien ohjeiden mukaisesti "
            "vastata rekisteröityjen pyyntöihin keskitetysti",
        ),
        (
            "li",
            "ilmoittaa kunnalle henkilötietojen tietoturvaloukkauksesta ilman aiheetonta viivytystä "
            "sen tultua tietoonsa ja antaa kunnalle tiedot, joita kunta tarvitsee 33 ja 34 "
            "artiklan mukaisten velvoitteidensa täyttämiseen",
        ),
        (
            "li",
            "pitää 30 artiklan 2 kohdan mukaista selostetta kunnan lukuun suoritettavista "
            "käsittelytoimista.",
        ),
        ("h", "6. Alikäsittelijät"),
        (
            "p",
            "Kunta antaa Kansalliskirjastolle yleisen luvan käyttää alikäsittelijöitä, kuten "
            "palvelualustan, tunnistuspalvelun ja aineistojen toimittajia. Kansalliskirjasto pitää "
            "luettelon alikäsittelijöistä kuntien saatavilla ja ilmoittaa suunnitelluista "
            "muutoksista etukäteen, jolloin kunta voi vastustaa muutosta. Kansalliskirjasto sitoo "
            "alikäsittelijät kirjallisesti vähintään tämän liitteen mukaisiin velvoitteisiin ja "
            "vastaa niiden toiminnasta kuten omastaan.",
        ),
        ("h", "7. Siirrot Euroopan talousalueen ulkopuolelle"),
        (
            "p",
            "Henkilötietoja ei siirretä Euroopan unionin tai Euroopan talousalueen ulkopuolelle, "
            "ellei siirrolle ole tietosuoja-asetuksen V luvun mukaista perustetta. "
            "Kansalliskirjasto ilmoittaa tällaisista siirroista kunnalle etukäteen osana "
            "alikäsittelijöitä koskevia tietoja.",
        ),
        ("h", "8. Tarkastukset"),
        (
            "p",
            "Kansalliskirjasto antaa kunnan saataville tiedot, jotka ovat tarpeen tämän liitteen "
            "velvoitteiden noudattamisen osoittamiseksi, ja sallii kunnan tai sen valtuuttaman "
            "tarkastajan tekemät tarkastukset. Tarkastuksesta sovitaan etukäteen, ja kumpikin "
            "osapuoli vastaa omista kustannuksistaan. Päällekkäisten tarkastusten välttämiseksi "
            "Kansalliskirjasto voi ensisijaisesti toimittaa riippumattoman tarkastajan raportin tai "
            "muun vastaavan selvityksen.",
        ),
        ("h", "9. Käsittelyn päättyminen"),
        (
            "p",
            "Kun yhteistyösopimus päättyy, Kansalliskirjasto poistaa kunnan lukuun käsittelemänsä "
            "henkilötiedot tai kunnan pyynnöstä palauttaa ne, ellei unionin oikeus tai Suomen "
            "lainsäädäntö edellytä tietojen säilyttämistä. Yhdistelmämuotoiset tilastotiedot, "
            "joista yksittäistä käyttäjää ei voi tunnistaa, eivät ole henkilötietoja, ja niitä "
            "voidaan säilyttää.",
        ),
    ],
    "sv": [
        ("title", "Bilaga 1: Personuppgiftsbiträdesavtal"),
        ("h", "1. Syfte och tillämpningsområde"),
        (
            "p",
            "Detta personuppgiftsbiträdesavtal är bilaga 1 till samarbetsavtalet om E-biblioteket "
            "(nedan ”samarbetsavtalet”). I avtalet överenskoms om den behandling av personuppgifter "
            "som Nationalbiblioteket utför för kommunens räkning enligt artikel 28 i "
            "Europaparlamentets och rådets förordning (EU) 2016/679 (allmän dataskyddsförordning). "
            "Begreppen används i den betydelse som de har i dataskyddsförordningen.",
        ),
        ("h", "2. Parternas roller"),
        (
            "p",
            "Kommunen är personuppgiftsansvarig för de personuppgifter som behandlas i "
            "E-biblioteket när kommunens invånare använder tjänsten. Nationalbiblioteket är "
            "personuppgiftsbiträde och behandlar personuppgifter endast för kommunens räkning och i "
            "enlighet med denna bilaga.",
        ),
        (
            "p",
            "Kommunen svarar för att behandlingen har en rättslig grund enligt "
            "dataskyddsförordningen och för att de registrerade får den information om "
            "behandlingen som de behöver. Nationalbiblioteket utarbetar en gemensam mall för "
            "dataskyddsbeskrivning för tjänsten som kommunerna kan använda.",
        ),
        ("h", "3. Behandlingens föremål, art, ändamål och varaktighet"),
        (
            "p",
            "Föremål för behandlingen är personuppgifterna om E-bibliotekets användare. "
            "Behandlingen omfattar insamling, lagring, strukturering, användning och radering av "
            "uppgifter samt överföring av uppgifter till underbiträden i den omfattning som "
            "produktionen av tjänsten förutsätter. Personuppgifterna behandlas för följande "
            "ändamål:",
        ),
        ("li", "identifiering av användaren och kontroll av användningsrätten utifrån hemkommunen"),
        (
            "li",
            "hantering av lån, reservationer och reservationsköer samt meddelanden om tjänsten "
            "till användaren",
        ),
        ("li", "rådgivning och stöd till användarna samt utredning av störningar i tjänsten"),
        (
            "li",
            "framtagning av statistik över användningen av tjänsten i form av sammanställda "
            "uppgifter samt utveckling av tjänsten och samlingen.",
        ),
        (
            "p",
            "Behandlingen pågår så länge samarbetsavtalet är i kraft och därefter under den tid som "
            "åtgärderna enligt punkt 9 kräver.",
        ),
        ("h", "4. Registrerade och kategorier av personuppgifter"),
        (
            "p",
            "De registrerade är de invånare i kommunen som använder E-biblioteket. Följande "
            "personuppgifter behandlas:",
        ),
        (
            "li",
            "identifierings- och hemkommunsuppgifter som erhålls i samband med stark autentisering",
        ),
        ("li", "användaridentifierare och applikationens inställningar"),
        ("li", "uppgifter om lån och reservationer"),
        ("li", "kontaktuppgifter som användaren eventuellt har lämnat"),
        ("li", "tjänstens tekniska loggdata."),
        (
            "p",
            "Syftet med behandlingen är inte att behandla sådana personuppgifter som avses i "
            "artiklarna 9 och 10 i dataskyddsförordningen.",
        ),
        ("h", "5. Nationalbibliotekets skyldigheter"),
        ("p", "Nationalbiblioteket"),
        (
            "li",
            "behandlar personuppgifter endast enligt kommunens dokumenterade instruktioner; "
            "samarbetsavtalet med bilagor utgör dessa instruktioner. Om Nationalbiblioteket anser "
            "att en instruktion strider mot dataskyddsbestämmelserna, underrättar det kommunen "
            "utan dröjsmål",
        ),
        (
            "li",
            "säkerställer att de personer som behandlar personuppgifter har åtagit sig att iaktta "
            "sekretess eller omfattas av lagstadgad tystnadsplikt",
        ),
        (
            "li",
            "vidtar de tekniska och organisatoriska åtgärder som avses i artikel 32 i "
            "dataskyddsförordningen, såsom hantering av åtkomsträttigheter, kryptering av "
            "datatrafiken och loggning av behandlingen",
        ),
        (
            "li",
            "bistår kommunen med att svara på begäranden om utövande av de registrerades "
            "rättigheter och med att fullgöra skyldigheterna enligt artiklarna 32–36 i "
            "dataskyddsförordningen; eftersom tjänsten är gemensam för de anslutna kommunerna kan "
            "Nationalbiblioteket enligt kommunernas instruktioner svara på de registrerades "
            "begäranden centralt",
        ),
        (
            "li",
            "underrättar kommunen om en personuppgiftsincident utan onödigt dröjsmål efter att ha "
            "fått vetskap om den och ger kommunen de uppgifter som kommunen behöver för att "
            "fullgöra sina skyldigheter enligt artiklarna 33 och 34",
        ),
        (
            "li",
            "för ett register enligt artikel 30.2 över de behandlingar som utförs för kommunens "
            "räkning.",
        ),
        ("h", "6. Underbiträden"),
        (
            "p",
            "Kommunen ger Nationalbiblioteket ett allmänt tillstånd att anlita underbiträden, "
            "såsom leverantörer av tjänsteplattformen, autentiseringstjänsten och materialet. "
            "Nationalbiblioteket håller en förteckning över underbiträdena tillgänglig för "
            "kommunerna och underrättar i förväg om planerade ändringar, varvid kommunen kan "
            "invända mot ändringen. Nationalbiblioteket binder underbiträdena skriftligen till "
            "minst de skyldigheter som anges i denna bilaga och svarar för deras verksamhet som för "
            "sin egen.",
        ),
        ("h", "7. Överföringar utanför Europeiska ekonomiska samarbetsområdet"),
        (
            "p",
            "Personuppgifter överförs inte utanför Europeiska unionen eller Europeiska ekonomiska "
            "samarbetsområdet, om det inte finns en grund för överföringen enligt kapitel V i "
            "dataskyddsförordningen. Nationalbiblioteket underrättar kommunen i förväg om sådana "
            "överföringar som en del av uppgifterna om underbiträdena.",
        ),
        ("h", "8. Granskningar"),
        (
            "p",
            "Nationalbiblioteket ger kommunen tillgång till de uppgifter som behövs för att visa att "
            "skyldigheterna i denna bilaga fullgörs och tillåter granskningar som utförs av "
            "kommunen eller av en granskare som kommunen har befullmäktigat. Granskningen avtalas "
            "i förväg, och vardera parten svarar för sina egna kostnader. För att undvika "
            "överlappande granskningar kan Nationalbiblioteket i första hand tillhandahålla en "
            "rapport från en oberoende granskare eller någon annan motsvarande utredning.",
        ),
        ("h", "9. Upphörande av behandlingen"),
        (
            "p",
            "När samarbetsavtalet upphör raderar Nationalbiblioteket de personuppgifter som det har "
            "behandlat för kommunens räkning eller återlämnar dem på kommunens begäran, om inte "
            "unionsrätten eller finsk lagstiftning kräver att uppgifterna bevaras. Sammanställda "
            "statistiska uppgifter, ur vilka enskilda användare inte kan identifieras, är inte "
            "personuppgifter och får bevaras.",
        ),
    ],
}


APPENDIX_SERVICE_DESCRIPTION = {
    "fi": [
        ("title", "Liite 2: Palvelukuvaus"),
        ("h", "1. Palvelun yleiskuvaus"),
        (
            "p",
            "E-kirjasto on Kansalliskirjaston ylläpitämä kansallinen yhteinen e-kirjasto, jota "
            "liittyneiden kuntien asukkaat käyttävät mobiilisovelluksella. Palvelu on liittyneiden "
            "kuntien yhteinen, ja se täydentää kuntien kirjastojen omia palveluja.",
        ),
        ("h", "2. Käyttöoikeus ja tunnistautuminen"),
        (
            "p",
            "Palvelua voivat käyttää vain liittyneiden kuntien asukkaat. Käyttäjä tunnistautuu "
            "vahvalla sähköisellä tunnistamisella, esimerkiksi pankkitunnuksilla. Tunnistamisen "
            "yhteydessä palvelu tarkistaa, onko käyttäjän kotikunta liittynyt E-kirjastoon.",
        ),
        (
            "p",
            "Jos käyttäjän kotikunta ei ole liittynyt palveluun, käyttäjä ei voi käyttää palvelun "
            "aineistoja. Koska käyttöoikeus tarkistetaan tunnistautumisen yhteydessä, kotikunnan "
            "muutos vaikuttaa käyttöoikeuteen.",
        ),
        ("h", "3. Aineistot"),
        (
            "p",
            "Palvelussa on e-kirjoja, äänikirjoja ja digitaalisia lehtiä suomeksi, ruotsiksi ja "
            "englanniksi sekä jonkin verran muillakin kielillä.",
        ),
        (
            "p",
            "Kansalliskirjasto hankkii aineistojen käyttöoikeudet keskitetysti kaikkien "
            "liittyneiden kuntien asukkaiden yhteiseen käyttöön. Kun aineisto ei ole vapaana, "
            "käyttäjä voi varata sen. Kansalliskirjasto seuraa varausjonoja ja hankkii lisää "
            "käyttöoikeuksia, kun jonot kasvavat. Lainoja ja varauksia koskevat ehdot määritellään "
            "palvelun käyttöehdoissa.",
        ),
        ("h", "4. Sisällönvalinta"),
        (
            "p",
            "Kokoelmaa kehitetään yhteistyössä liittyneiden kuntien kanssa. Kunnat osallistuvat "
            "aineistojen valintaan esimerkiksi Kansalliskirjaston kokoamien työryhmien kautta, ja "
            "kuntien kirjastot voivat antaa Kansalliskirjastolle palautetta kokoelmasta.",
        ),
        ("h", "5. Käyttäjien ohjaus ja tuki"),
        (
            "p",
            "Kuntien kirjastot ohjaavat ja neuvovat asukkaitaan palvelun käytössä ja markkinoivat "
            "palvelua paikallisesti. Kansalliskirjasto tukee kirjastojen henkilökuntaa tarjoamalla "
            "ohjeita, koulutusmateriaalia ja markkinointimateriaalia sekä vastaamalla "
            "henkilökunnan tukipyyntöihin.",
        ),
        (
            "p",
            "Kansalliskirjasto tarjoaa palvelun käyttöliittymän sekä käyttäjille ja kirjastoille "
            "tarkoitetut ohjeet suomeksi ja ruotsiksi.",
        ),
        ("h", "6. Kuntien liittäminen ja tekninen integraatio"),
        (
            "p",
            "Kansalliskirjasto vastaa palvelun teknisestä toteutuksesta ja kuntien liittämisestä "
            "palveluun. Kunnat, joilla on yhteinen kirjastojärjestelmä (kirjastokimppa), liitetään "
            "palveluun yhdessä, kun kimpan kaikki kunnat ovat allekirjoittaneet "
            "yhteistyösopimuksen. Kansalliskirjasto sopii tarvittavista teknisistä järjestelyistä "
            "kirjastokimpan tai kunnan kirjastojärjestelmän ylläpitäjän kanssa.",
        ),
        ("h", "7. Tilastot"),
        (
            "p",
            "Kansalliskirjasto toimittaa kunnille kuntakohtaisia tilastoja palvelun käytöstä, kuten "
            "käyttäjien, lainojen ja varausten määristä. Tilastot tuotetaan yhdistelmätietoina, "
            "joista yksittäistä käyttäjää ei voi tunnistaa.",
        ),
        ("h", "8. Käytettävyys, saavutettavuus ja ylläpito"),
        (
            "p",
            "Kansalliskirjasto pyrkii pitämään palvelun jatkuvasti käytettävissä. Suunnitelluista "
            "huoltokatkoista tiedotetaan kunnille etukäteen ja häiriöistä viipymättä. Palvelu "
            "toteutetaan digitaalisten palvelujen tarjoamisesta annetun lain (306/2019) "
            "saavutettavuusvaatimusten mukaisesti, ja palvelusta julkaistaan saavutettavuusseloste.",
        ),
        ("h", "9. Palvelun kehittäminen ja muutokset"),
        (
            "p",
            "Kansalliskirjasto kehittää palvelua yhteistyössä kuntien kanssa ja käyttäjäpalautteen "
            "perusteella. Olennaisista muutoksista palvelun sisältöön tai toimintoihin tiedotetaan "
            "kunnille etukäteen. Tämän palvelukuvauksen muuttamisesta sovitaan yhteistyösopimuksen "
            "kohdan 10 mukaisesti.",
        ),
    ],
    "sv": [
        ("title", "Bilaga 2: Tjänstebeskrivning"),
        ("h", "1. Allmän beskrivning av tjänsten"),
        (
            "p",
            "E-biblioteket är ett nationellt gemensamt e-bibliotek som upprätthålls av "
            "Nationalbiblioteket och som invånarna i de anslutna kommunerna använder med en "
            "mobilapplikation. Tjänsten är de anslutna kommunernas gemensamma tjänst och "
            "kompletterar kommunernas egna bibliotekstjänster.",
        ),
        ("h", "2. Användningsrätt och autentisering"),
        (
            "p",
            "Endast invånare i anslutna kommuner får använda tjänsten. Användaren loggar in med "
            "stark autentisering, till exempel nätbankskoder. I samband med autentiseringen "
            "kontrollerar tjänsten om användarens hemkommun har anslutit sig till E-biblioteket.",
        ),
        (
            "p",
            "Om användarens hemkommun inte har anslutit sig till tjänsten, kan användaren inte "
            "använda tjänstens material. Eftersom användningsrätten kontrolleras i samband med "
            "autentiseringen, påverkar ett byte av hemkommun användningsrätten.",
        ),
        ("h", "3. Material"),
        (
            "p",
            "Tjänsten innehåller e-böcker, ljudböcker och digitala tidskrifter på finska, svenska "
            "och engelska samt i viss mån på andra språk.",
        ),
        (
            "p",
            "Nationalbiblioteket förvärvar användningsrättigheterna till materialet centralt för "
            "gemensam användning av invånarna i alla anslutna kommuner. Om materialet inte är "
            "ledigt kan användaren reservera det. Nationalbiblioteket följer reservationsköerna och "
            "skaffar fler användningsrättigheter när köerna växer. Villkoren för lån och "
            "reservationer fastställs i tjänstens användarvillkor.",
        ),
        ("h", "4. Val av innehåll"),
        (
            "p",
            "Samlingen utvecklas i samarbete med de anslutna kommunerna. Kommunerna deltar i valet "
            "av material till exempel genom de arbetsgrupper som Nationalbiblioteket tillsätter, "
            "och kommunernas bibliotek kan ge Nationalbiblioteket respons på samlingen.",
        ),
        ("h", "5. Handledning av och stöd till användarna"),
        (
            "p",
            "Kommunernas bibliotek handleder och ger råd till sina invånare om användningen av "
            "tjänsten och marknadsför tjänsten lokalt. Nationalbiblioteket stöder bibliotekens "
            "personal genom att tillhandahålla anvisningar, utbildningsmaterial och "
            "marknadsföringsmaterial samt genom att besvara personalens stödbegäranden.",
        ),
        (
            "p",
            "Nationalbiblioteket tillhandahåller tjänstens användargränssnitt samt anvisningar för "
            "användare och bibliotek på finska och svenska.",
        ),
        ("h", "6. Anslutning av kommunerna och teknisk integration"),
        (
            "p",
            "Nationalbiblioteket svarar för tjänstens tekniska genomförande och för anslutningen av "
            "kommunerna till tjänsten. Kommuner som har ett gemensamt bibliotekssystem "
            "(bibliotekskonsortium) ansluts till tjänsten tillsammans när alla kommuner i "
            "konsortiet har undertecknat samarbetsavtalet. Nationalbiblioteket kommer överens om "
            "de tekniska arrangemang som behövs med den som upprätthåller konsortiets eller "
            "kommunens bibliotekssystem.",
        ),
        ("h", "7. Statistik"),
        (
            "p",
            "Nationalbiblioteket levererar kommunvis statistik över användningen av tjänsten till "
            "kommunerna, till exempel om antalet användare, lån och reservationer. Statistiken tas "
            "fram i form av sammanställda uppgifter, ur vilka enskilda användare inte kan "
            "identifieras.",
        ),
        ("h", "8. Driftsäkerhet, tillgänglighet och underhåll"),
        (
            "p",
            "Nationalbiblioteket strävar efter att hålla tjänsten kontinuerligt i drift. Om "
            "planerade serviceavbrott informeras kommunerna i förväg och om störningar utan "
            "dröjsmål. Tjänsten genomförs i enlighet med tillgänglighetskraven i lagen om "
            "tillhandahållande av digitala tjänster (306/2019), och ett tillgänglighetsutlåtande "
            "publiceras för tjänsten.",
        ),
        ("h", "9. Utveckling av och ändringar i tjänsten"),
        (
            "p",
            "Nationalbiblioteket utvecklar tjänsten i samarbete med kommunerna och utifrån "
            "användarnas respons. Om väsentliga ändringar i tjänstens innehåll eller funktioner "
            "informeras kommunerna i förväg. Om ändringar i denna tjänstebeskrivning avtalas "
            "enligt punkt 10 i samarbetsavtalet.",
        ),
    ],
}
