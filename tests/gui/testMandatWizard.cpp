#include "ApiClient.h"
#include "Demarches.h"
#include "FranceConnectView.h"
#include "MainWindow.h"
#include "Mandat.h"
#include "MandatWizard.h"
#include "MemoryKeyStore.h"
#include "Session.h"
#include "Settings.h"
#include "SyncEngine.h"
#include "TestServer.h"
#include "mandats/MandatsController.h"
#include "mandats/MandatsPage.h"
#include "mandats/UsagersModel.h"
#include "wizard/DemarchesPage.h"
#include "wizard/DonePage.h"
#include "wizard/DureePage.h"
#include "wizard/FranceConnectPage.h"
#include "wizard/RecapPage.h"
#include "wizard/WrappingCheckBox.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QWebEnginePage>
#include <QWebEngineProfile>

#include <memory>

namespace {

constexpr int kNetworkTimeoutMs = 15000;
/// WebEngine's first load (a new render process) and the journey's redirects take seconds.
constexpr int kWebTimeoutMs = 60000;
const QString kUsagerName = QStringLiteral("Angela Claire Louise DUBOIS");

SessionInfo sessionWith(const QStringList &allowedDemarches)
{
    OrganisationInfo organisation;
    organisation.id = 3;
    organisation.name = QStringLiteral("France Services de Soissons");
    organisation.address = QStringLiteral("1 place de l'Hôtel de Ville");
    organisation.postcode = QStringLiteral("02200");
    organisation.city = QStringLiteral("Soissons");
    organisation.allowedDemarches = allowedDemarches;
    SessionInfo info;
    info.currentCguVersion = QStringLiteral("2024-06");
    info.aidant.id = 7;
    info.aidant.firstName = QStringLiteral("Camille");
    info.aidant.lastName = QStringLiteral("Fwolk");
    info.aidant.canCreateMandats = true;
    info.aidant.currentOrganisationId = organisation.id;
    info.aidant.organisationIds = { organisation.id };
    info.aidant.acceptedCguVersion = info.currentCguVersion;
    info.organisations = { organisation };
    return info;
}

/// The main window's content on a 1366×768 screen: the screen less a window title bar and a panel.
const QSize kSmallScreen(1366, 768 - 68);

/// The application's style sheet (the main window's), from ac_gui's resources.
QString appStyleSheet()
{
    QFile style(QStringLiteral(":/styles/aidants-connect.qss"));
    if (!style.open(QIODevice::ReadOnly))
        qFatal("no application style sheet");
    return QString::fromUtf8(style.readAll());
}

/// The word-wrapped labels under @p root less high than their text needs at their width (a line cut off).
QStringList clippedLabels(QWidget *root)
{
    QStringList clipped;
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (label->isVisible() && label->wordWrap()
            && label->height() < label->heightForWidth(label->width()))
            clipped << QStringLiteral("%1 (%2 < %3 px)")
                           .arg(label->objectName())
                           .arg(label->height())
                           .arg(label->heightForWidth(label->width()));
    }
    return clipped;
}

/// A loopback URL where nothing listens: requests fail at once with "connection refused".
QUrl unreachableUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot probe a free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

template<typename T> T *child(QObject *root, const QString &name)
{
    auto *object = root->findChild<T *>(name);
    if (!object)
        qFatal("no child %s", qPrintable(name));
    return object;
}

QCheckBox *demarcheCheckBox(MandatWizard *wizard, const QString &code)
{
    return child<QCheckBox>(wizard->demarchesPage(), code + QStringLiteral("CheckBox"));
}

QRadioButton *durationRadio(MandatWizard *wizard, const QString &keyword)
{
    return child<QRadioButton>(wizard->dureePage(), keyword.toLower() + QStringLiteral("RadioButton"));
}

/// A click where a user clicks a check box or a button: on its left part (a QCheckBox reacts
/// to clicks on its indicator and text only, not on the rest of its row).
void click(QAbstractButton *button)
{
    QTest::mouseClick(
        button, Qt::LeftButton, {}, QPoint(qMin(10, button->width() / 2), button->height() / 2));
}

/// Presses Tab (like the aidant) until `target` has the keyboard focus.
bool tabTo(QWidget *target, int maxPresses = 60)
{
    for (int i = 0; i < maxPresses; ++i) {
        if (QApplication::focusWidget() == target)
            return true;
        QWidget *focus = QApplication::focusWidget();
        if (!focus)
            return false;
        QTest::keyClick(focus, Qt::Key_Tab);
    }
    return QApplication::focusWidget() == target;
}

/// The widgets a user reaches with the keyboard or a click, which must have an accessible name.
QStringList widgetsWithoutAccessibleName(QWidget *root)
{
    QStringList missing;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        const bool interactive = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
            || qobject_cast<QWebEngineView *>(widget);
        if (interactive && widget->accessibleName().trimmed().isEmpty())
            missing << QStringLiteral("%1 (%2)").arg(
                widget->objectName(), QString::fromLatin1(widget->metaObject()->className()));
    }
    return missing;
}

/// Runs JavaScript in the journey's page and waits for its result.
QVariant runJavaScript(QWebEnginePage *page, const QString &script)
{
    QVariant result;
    bool done = false;
    page->runJavaScript(script, [&](const QVariant &value) {
        result = value;
        done = true;
    });
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < kNetworkTimeoutMs)
        QTest::qWait(20);
    return result;
}

/// Waits until the journey's current page has the element `id`.
bool waitForElement(FranceConnectPage *page, const QString &id)
{
    QElapsedTimer timer;
    timer.start();
    const QString script = QStringLiteral("document.getElementById('%1') !== null").arg(id);
    while (timer.elapsed() < kWebTimeoutMs) {
        if (page->view() && runJavaScript(page->view()->page(), script).toBool())
            return true;
        QTest::qWait(100);
    }
    return false;
}

} // namespace

/// The mandat wizard: each step's rules and keyboard use offline, then the whole creation end to
/// end against a real server and the FranceConnect simulator in the embedded browser.
class TestMandatWizard final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::French, QLocale::France)); }

    void init()
    {
        // The wizard never warns about its browser's profile (page deleted after its profile).
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Release of profile requested")));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        Settings::setConfigDirOverride(QString());
        m_server.reset();
    }

    void demarchesPageShowsOnlyAllowedDemarches_data()
    {
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<QStringList>("shown");
        QTest::newRow("three, in catalogue order") << QStringList {
            QStringLiteral("argent"), QStringLiteral("papiers"), QStringLiteral("logement")
        } << QStringList { QStringLiteral("papiers"), QStringLiteral("logement"), QStringLiteral("argent") };
        QTest::newRow("one") << QStringList { QStringLiteral("justice") }
                             << QStringList { QStringLiteral("justice") };
        QTest::newRow("all") << Demarches::allCodes() << Demarches::allCodes();
    }

    void demarchesPageShowsOnlyAllowedDemarches()
    {
        QFETCH(QStringList, allowed);
        QFETCH(QStringList, shown);
        auto wizard = makeWizard(allowed);
        QStringList codes;
        for (QCheckBox *checkBox : wizard->demarchesPage()->findChildren<QCheckBox *>()) {
            const QString code = checkBox->property("demarche").toString();
            codes << code;
            const Demarche *demarche = Demarches::find(code);
            QVERIFY(demarche);
            QCOMPARE(checkBox->text(), demarche->title.toUpper());
            QCOMPARE(checkBox->accessibleName(), demarche->title);
            QVERIFY(checkBox->accessibleDescription().contains(demarche->description));
            QVERIFY(checkBox->accessibleDescription().contains(
                QStringLiteral("Exemples : ") + demarche->examples));
            auto *description
                = child<QLabel>(wizard->demarchesPage(), code + QStringLiteral("DescriptionLabel"));
            QVERIFY(description->isVisible());
            QVERIFY(description->text().contains(QStringLiteral("Exemples : ") + demarche->examples));
        }
        QCOMPARE(codes, shown);

        // The mentions read to the usager: the 7 obligations, with the organisation's name.
        auto *mentions = child<QLabel>(wizard->demarchesPage(), QStringLiteral("mentionsLabel"));
        QVERIFY(mentions->isVisible());
        QCOMPARE(mentions->text().count(QStringLiteral("<li>")), 7);
        QCOMPARE(mentions->text().count(QStringLiteral("France Services de Soissons")), 2);
        QVERIFY(mentions->text().contains(QStringLiteral("prendre toutes les précautions")));
    }

    /// Step 1 on a 1366×768 screen (seed 001's two columns): the ten démarches all visible at once,
    /// Tab in reading order (left to right, then down), accessible names kept.
    void demarchesFitA1366x768Screen_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QStringList>("ticked");
        QTest::addColumn<bool>("allInView"); // else: scrolling, but nothing clipped
        QTest::newRow("1366x768") << kSmallScreen << QStringList() << true;
        QTest::newRow("1366x768, two ticked")
            << kSmallScreen << QStringList { QStringLiteral("papiers"), QStringLiteral("justice") } << true;
        QTest::newRow("default window, argent ticked")
            << QSize(1076, 680) << QStringList { QStringLiteral("papiers"), QStringLiteral("argent") }
            << false;
        QTest::newRow("narrow") << QSize(800, 600) << QStringList { QStringLiteral("argent") } << false;
    }

    void demarchesFitA1366x768Screen()
    {
        QFETCH(QSize, size);
        QFETCH(QStringList, ticked);
        QFETCH(bool, allInView);
        auto wizard = makeWizard(Demarches::allCodes());
        wizard->setStyleSheet(appStyleSheet()); // as in the main window, whose style it inherits
        wizard->resize(size);
        QTRY_COMPARE(wizard->size(), size);
        for (const QString &code : ticked)
            demarcheCheckBox(wizard.get(), code)->setChecked(true);
        QTest::qWait(50); // the layout settles (word-wrapped labels)
        snapshot(*wizard,
            QStringLiteral("demarches-%1x%2-%3").arg(size.width()).arg(size.height()).arg(ticked.size()));

        auto *scrollArea = child<QScrollArea>(wizard->demarchesPage(), QStringLiteral("demarchesScrollArea"));
        QVERIFY(!scrollArea->horizontalScrollBar()->isVisible());
        QVERIFY2(clippedLabels(scrollArea->widget()).isEmpty(),
            qPrintable(clippedLabels(scrollArea->widget()).join(u' ')));
        if (!allInView)
            return;
        QVERIFY2(!scrollArea->verticalScrollBar()->isVisible(),
            qPrintable(QStringLiteral("content %1 px high in %2 px")
                           .arg(scrollArea->widget()->height())
                           .arg(scrollArea->viewport()->height())));
        const QRect viewport = scrollArea->viewport()->rect();
        const QList<Demarche> &all = Demarches::all();
        QCOMPARE(all.size(), 10);
        QList<QCheckBox *> boxes;
        for (const Demarche &demarche : all) {
            QCheckBox *checkBox = demarcheCheckBox(wizard.get(), demarche.code);
            auto *description
                = child<QLabel>(wizard->demarchesPage(), demarche.code + QStringLiteral("DescriptionLabel"));
            QCOMPARE(checkBox->accessibleName(), demarche.title);
            for (QWidget *widget :
                { static_cast<QWidget *>(checkBox), static_cast<QWidget *>(description) }) {
                QVERIFY(widget->isVisible());
                const QRect area(widget->mapTo(scrollArea->viewport(), QPoint(0, 0)), widget->size());
                QVERIFY2(viewport.contains(area), qPrintable(widget->objectName()));
                // Not clipped by its own size: the whole text is shown.
                QVERIFY2(widget->height() >= widget->heightForWidth(widget->width()),
                    qPrintable(widget->objectName()));
            }
            boxes << checkBox;
        }
        // Two columns, in reading order: each row holds two démarches side by side, rows go down.
        for (int i = 0; i + 1 < boxes.size(); ++i) {
            const QPoint here = boxes.at(i)->mapTo(wizard.get(), QPoint(0, 0));
            const QPoint next = boxes.at(i + 1)->mapTo(wizard.get(), QPoint(0, 0));
            if (i % 2 == 0) {
                QCOMPARE(next.y(), here.y());
                QVERIFY(next.x() > here.x() + boxes.at(i)->width() / 2);
            } else {
                QVERIFY(next.y() > here.y());
                QCOMPARE(next.x(), boxes.at(0)->mapTo(wizard.get(), QPoint(0, 0)).x());
            }
        }
        // Tab: from each démarche to the next in reading order.
        boxes.first()->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), boxes.first());
        for (int i = 0; i + 1 < boxes.size(); ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget(), boxes.at(i + 1));
        }
    }

    void argentWarningFollowsTheArgentCheckBox()
    {
        auto wizard = makeWizard(Demarches::allCodes());
        auto *warning = child<QLabel>(wizard->demarchesPage(), QStringLiteral("argentWarningLabel"));
        QVERIFY(!warning->isVisible());
        demarcheCheckBox(wizard.get(), QStringLiteral("papiers"))->click();
        QVERIFY(!warning->isVisible());
        demarcheCheckBox(wizard.get(), QStringLiteral("argent"))->click();
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QStringLiteral("surendettement")));
        QVERIFY(warning->text().contains(QStringLiteral("R. 721-2")));
        QVERIFY(warning->text().contains(QStringLiteral("R. 761-1")));
        demarcheCheckBox(wizard.get(), QStringLiteral("argent"))->click();
        QVERIFY(!warning->isVisible());
    }

    void demarchesPageIsIncompleteWithoutDemarche()
    {
        auto wizard = makeWizard(Demarches::allCodes());
        QAbstractButton *next = wizard->button(QWizard::NextButton);
        QCOMPARE(wizard->currentId(), int(MandatWizard::DemarchesPageId));
        QVERIFY(!wizard->demarchesPage()->isComplete());
        QVERIFY(!next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton); // disabled: nothing happens
        QCOMPARE(wizard->currentId(), int(MandatWizard::DemarchesPageId));
        demarcheCheckBox(wizard.get(), QStringLiteral("logement"))->click();
        QVERIFY(wizard->demarchesPage()->isComplete());
        QVERIFY(next->isEnabled());
        demarcheCheckBox(wizard.get(), QStringLiteral("logement"))->click();
        QVERIFY(!next->isEnabled());
    }

    void dureePageRequiresRemoteCertification()
    {
        auto wizard = makeWizard(Demarches::allCodes());
        demarcheCheckBox(wizard.get(), QStringLiteral("social"))->click();
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MandatWizard::DureePageId));
        DureePage *page = wizard->dureePage();
        QAbstractButton *next = wizard->button(QWizard::NextButton);
        auto *remote = child<QCheckBox>(page, QStringLiteral("remoteCheckBox"));
        auto *certification = child<WrappingCheckBox>(page, QStringLiteral("remoteConsentCheckBox"));

        // Every duration of the catalogue, none chosen for the aidant.
        QCOMPARE(page->findChildren<QRadioButton *>().size(), MandatDurations::all().size());
        for (const MandatDuration &duration : MandatDurations::all())
            QCOMPARE(durationRadio(wizard.get(), duration.keyword)->text(), duration.label);
        QVERIFY(!page->isComplete());
        QVERIFY(!next->isEnabled());
        durationRadio(wizard.get(), QStringLiteral("SEMESTER"))->click();
        QVERIFY(page->isComplete());
        QVERIFY(!certification->isVisible());

        remote->click();
        QVERIFY(certification->isVisible());
        QVERIFY(certification->accessibleName().contains(QStringLiteral("consentement écrit")));
        QVERIFY(!page->isComplete());
        QVERIFY(!next->isEnabled());
        certification->click();
        QVERIFY(page->isComplete());
        QVERIFY(next->isEnabled());
        const MandatWizard::DraftRequest request = wizard->currentRequest();
        QCOMPARE(request.demarches, QStringList { QStringLiteral("social") });
        QCOMPARE(request.duration, QStringLiteral("SEMESTER"));
        QVERIFY(request.remote);
        QVERIFY(request.remoteConsentCertified);

        // Back at the counter: the certification goes away, unticked.
        remote->click();
        QVERIFY(!certification->isVisible());
        QVERIFY(!certification->isChecked());
        QVERIFY(page->isComplete());
        QVERIFY(!wizard->currentRequest().remoteConsentCertified);
    }

    void keyboardDrivesStepsOneAndTwo_data()
    {
        QTest::addColumn<QStringList>("demarches");
        QTest::addColumn<QString>("duration");
        QTest::addColumn<bool>("remote");
        QTest::newRow("one démarche, short, at the counter")
            << QStringList { QStringLiteral("papiers") } << QStringLiteral("SHORT") << false;
        QTest::newRow("two démarches, long, remote")
            << QStringList { QStringLiteral("famille"), QStringLiteral("argent") } << QStringLiteral("LONG")
            << true;
        QTest::newRow("last démarche, 6 months")
            << QStringList { QStringLiteral("loisirs") } << QStringLiteral("SEMESTER") << false;
    }

    void keyboardDrivesStepsOneAndTwo()
    {
        QFETCH(QStringList, demarches);
        QFETCH(QString, duration);
        QFETCH(bool, remote);
        auto wizard = makeWizard(Demarches::allCodes());
        QTRY_VERIFY(QApplication::focusWidget() && wizard->isAncestorOf(QApplication::focusWidget()));

        // Step 1: Tab to each démarche, Space ticks it, Return goes on (the default button).
        for (const QString &code : demarches) {
            QCheckBox *checkBox = demarcheCheckBox(wizard.get(), code);
            QVERIFY2(tabTo(checkBox), qPrintable(code));
            QTest::keyClick(checkBox, Qt::Key_Space);
            QVERIFY(checkBox->isChecked());
        }
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(wizard->currentId(), int(MandatWizard::DureePageId));

        // Step 2: into the durations, arrows choose; the remote boxes with Tab and Space.
        QRadioButton *target = durationRadio(wizard.get(), duration);
        QVERIFY(tabTo(durationRadio(wizard.get(), QStringLiteral("SHORT"))));
        for (int i = 0; i < 4 && QApplication::focusWidget() != target; ++i)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
        QCOMPARE(QApplication::focusWidget(), target);
        QTest::keyClick(target, Qt::Key_Space);
        QVERIFY(target->isChecked());
        if (remote) {
            auto *remoteCheckBox = child<QCheckBox>(wizard->dureePage(), QStringLiteral("remoteCheckBox"));
            QVERIFY(tabTo(remoteCheckBox));
            QTest::keyClick(remoteCheckBox, Qt::Key_Space);
            auto *certification
                = child<QCheckBox>(wizard->dureePage(), QStringLiteral("remoteConsentCheckBox"));
            QVERIFY(tabTo(certification));
            QTest::keyClick(certification, Qt::Key_Space);
            QVERIFY(certification->isChecked());
        }
        QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());

        // Return asks the (unreachable) server for the draft: the error shows in place, nothing lost.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        auto *error = child<QLabel>(wizard->dureePage(), QStringLiteral("errorLabel"));
        QTRY_COMPARE_WITH_TIMEOUT(error->text(), ApiClient::unreachableMessage(), kNetworkTimeoutMs);
        QVERIFY(error->isVisible());
        QCOMPARE(wizard->currentId(), int(MandatWizard::DureePageId));
        QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        const MandatWizard::DraftRequest request = wizard->currentRequest();
        QCOMPARE(request.demarches, demarches);
        QCOMPARE(request.duration, duration);
        QCOMPARE(request.remote, remote);
        QCOMPARE(request.remoteConsentCertified, remote);

        // Alt+P (« Précédent ») goes back to step 1, still ticked.
        QVERIFY(QApplication::focusWidget());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_P, Qt::AltModifier);
        QTRY_COMPARE(wizard->currentId(), int(MandatWizard::DemarchesPageId));
        QCOMPARE(wizard->demarchesPage()->selectedDemarches(), demarches);
    }

    void recapPageValidatesConsentsAndCode()
    {
        auto wizard = makeWizard(Demarches::allCodes());
        for (const char *code : { "papiers", "transports" })
            demarcheCheckBox(wizard.get(), QString::fromLatin1(code))->click();
        wizard->next();
        durationRadio(wizard.get(), QStringLiteral("LONG"))->click();
        child<QCheckBox>(wizard->dureePage(), QStringLiteral("remoteCheckBox"))->click();
        child<QCheckBox>(wizard->dureePage(), QStringLiteral("remoteConsentCheckBox"))->click();
        // As if FranceConnect had identified the usager already.
        MandatDraftInfo draft;
        draft.id = QStringLiteral("draft-1");
        draft.state = QStringLiteral("identified");
        draft.demarches = { QStringLiteral("papiers"), QStringLiteral("transports") };
        draft.duration = QStringLiteral("LONG");
        draft.remote = true;
        draft.usager.id = 1;
        draft.usager.givenName = QStringLiteral("Angela Claire Louise");
        draft.usager.familyName = QStringLiteral("DUBOIS");
        draft.usager.birthdate = QStringLiteral("1962-08-24");
        wizard->setDraft(wizard->currentRequest(), draft);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MandatWizard::FranceConnectPageId));
        QVERIFY(!wizard->franceConnectPage()->view()); // identified: no new journey
        QVERIFY(wizard->franceConnectPage()->isComplete());
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MandatWizard::RecapPageId));

        RecapPage *page = wizard->recapPage();
        const QString summary = child<QLabel>(page, QStringLiteral("summaryLabel"))->text();
        QVERIFY2(summary.contains(
                     QStringLiteral("<b>Angela Claire Louise DUBOIS</b> autorise <b>France Services de "
                                    "Soissons</b> à réaliser à sa place les démarches administratives "
                                    "suivantes :")),
            qPrintable(summary));
        const QString demarches = child<QLabel>(page, QStringLiteral("demarchesLabel"))->text();
        QVERIFY(demarches.contains(
            QStringLiteral("PAPIERS - CITOYENNETÉ - ÉLECTIONS</b> : État-civil, Passeport")));
        QVERIFY(demarches.contains(QStringLiteral("TRANSPORTS - MOBILITÉ</b> : Carte grise")));
        QVERIFY(child<QLabel>(page, QStringLiteral("durationLabel"))
                    ->text()
                    .contains(QStringLiteral("pour une durée de 1 an.")));
        QVERIFY(child<QLabel>(page, QStringLiteral("remoteLabel"))->isVisible());
        QVERIFY(!child<QLabel>(page, QStringLiteral("argentWarningLabel"))->isVisible());
        auto *information = child<WrappingCheckBox>(page, QStringLiteral("informationCheckBox"));
        auto *remoteConsent = child<WrappingCheckBox>(page, QStringLiteral("remoteConsentCheckBox"));
        QVERIFY(information->accessibleName().startsWith(QStringLiteral(
            "Avoir communiqué à Angela Claire Louise DUBOIS les informations concernant l'objet")));
        QVERIFY(remoteConsent->isVisible());
        QVERIFY(remoteConsent->accessibleName().startsWith(
            QStringLiteral("Avoir obtenu et conservé un consentement écrit (capture d'écran d'email, SMS...) "
                           "de la part de Angela")));
        QVERIFY(child<QLabel>(page, QStringLiteral("consentIntroLabel"))
                    ->text()
                    .contains(QStringLiteral("Camille Fwolk")));
        QAbstractButton *commit = wizard->button(QWizard::CommitButton);
        QVERIFY(commit->isVisible());
        QCOMPARE(commit->text(), QStringLiteral("&Enregistrer le mandat"));

        // The draft preview ("projet de mandat") through the print hook.
        QString previewed;
        wizard->setPreviewHandler(
            [&](const QTextDocument &document, QWidget *) { previewed = document.toPlainText(); });
        QTest::mouseClick(child<QPushButton>(page, QStringLiteral("previewPushButton")), Qt::LeftButton);
        QVERIFY(previewed.contains(QStringLiteral("projet de mandat"), Qt::CaseInsensitive));
        QVERIFY(previewed.contains(kUsagerName));

        auto *error = child<QLabel>(page, QStringLiteral("errorLabel"));
        auto *code = child<QLineEdit>(page, QStringLiteral("codeLineEdit"));
        commit->click();
        QVERIFY(error->text().startsWith(QStringLiteral("Cochez la case confirmant que vous avez informé")));
        information->click(); // the click on the wrapped text ticks it too
        QVERIFY(information->isChecked());
        QVERIFY(!error->isVisible());
        commit->click();
        QVERIFY(error->text().contains(QStringLiteral("consentement écrit")));
        QTest::mouseClick(remoteConsent, Qt::LeftButton, {},
            QPoint(remoteConsent->width() - 20, remoteConsent->height() / 2));
        QVERIFY(remoteConsent->isChecked());
        QTest::keyClicks(code, QStringLiteral("12a"));
        commit->click();
        QCOMPARE(error->text(), QStringLiteral("Le code doit comporter exactement 6 chiffres."));
        code->clear();
        QTest::keyClicks(code, QStringLiteral("123 456"));
        QTest::keyClick(code, Qt::Key_Return); // the default button: Enregistrer le mandat
        QTRY_COMPARE_WITH_TIMEOUT(error->text(), ApiClient::unreachableMessage(), kNetworkTimeoutMs);
        // Not a wrong code: everything is kept for another try.
        QCOMPARE(wizard->currentId(), int(MandatWizard::RecapPageId));
        QCOMPARE(code->text(), QStringLiteral("123 456"));
        QVERIFY(information->isChecked());
        QVERIFY(remoteConsent->isChecked());
        QVERIFY(commit->isEnabled());
        QVERIFY(wizard->button(QWizard::BackButton)->isEnabled());
    }

    void everyInteractiveWidgetHasAnAccessibleName()
    {
        auto wizard = makeWizard(Demarches::allCodes());
        for (int id : wizard->pageIds()) {
            const QStringList missing = widgetsWithoutAccessibleName(wizard->page(id));
            QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        }
        const QStringList missing = widgetsWithoutAccessibleName(wizard.get());
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        for (QWizard::WizardButton which : { QWizard::BackButton, QWizard::NextButton, QWizard::CommitButton,
                 QWizard::FinishButton, QWizard::CancelButton })
            QVERIFY(!wizard->button(which)->accessibleName().isEmpty());
        FranceConnectView view(unreachableUrl());
        QVERIFY(!view.accessibleName().isEmpty());
    }

    void doneUrlIsTheServersOnly_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("server");
        QTest::addColumn<bool>("done");
        const QString server = QStringLiteral("http://127.0.0.1:8080");
        QTest::newRow("done") << QStringLiteral("http://127.0.0.1:8080/fc/done?draft=d&result=ok") << server
                              << true;
        QTest::newRow("done, error") << QStringLiteral("http://127.0.0.1:8080/fc/done?draft=d&result=error")
                                     << server << true;
        QTest::newRow("other port") << QStringLiteral("http://127.0.0.1:9090/fc/done?draft=d") << server
                                    << false;
        QTest::newRow("other host") << QStringLiteral("http://fc.example.fr:8080/fc/done?draft=d") << server
                                    << false;
        QTest::newRow("other scheme") << QStringLiteral("https://127.0.0.1:8080/fc/done") << server << false;
        QTest::newRow("other path") << QStringLiteral("http://127.0.0.1:8080/fc/done2") << server << false;
        QTest::newRow("start") << QStringLiteral("http://127.0.0.1:8080/fc/start/d") << server << false;
        QTest::newRow("simulator's path")
            << QStringLiteral("http://127.0.0.1:8080/api/v2/fc/done") << server << false;
        QTest::newRow("default https port") << QStringLiteral("https://AC.example.fr/fc/done?draft=d")
                                            << QStringLiteral("https://ac.example.fr:443/") << true;
        QTest::newRow("server under a path") << QStringLiteral("https://ac.example.fr/ac/fc/done?draft=d")
                                             << QStringLiteral("https://ac.example.fr/ac/") << true;
        QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << server << false;
    }

    void doneUrlIsTheServersOnly()
    {
        QFETCH(QString, url);
        QFETCH(QString, server);
        QFETCH(bool, done);
        QCOMPARE(FranceConnectWebPage::isDoneUrl(QUrl(url), QUrl(server)), done);
    }

    void journeyBrowserIsPrivateAndInterceptsTheEnd()
    {
        const QUrl server = unreachableUrl();
        auto *view = new FranceConnectView(server);
        QPointer<QWebEngineProfile> profile = view->profile();
        QPointer<QWebEnginePage> page = view->page();
        QVERIFY(profile->isOffTheRecord());
        QVERIFY(profile->storageName().isEmpty());
        QCOMPARE(page->profile(), profile.data());
        QCOMPARE(view->journeyPage(), page.data());

        // The end of the journey is refused and handed to C++, without any network.
        QSignalSpy finished(view, &FranceConnectView::finished);
        view->resize(400, 300);
        view->show();
        view->start(QUrl(server.toString() + QStringLiteral("/fc/done?draft=abc&result=ok")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWebTimeoutMs);
        QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("abc"));
        QVERIFY(page->url().path() != QStringLiteral("/fc/done"));

        delete view;
        QVERIFY(!page);
        QVERIFY(!profile);
    }

    /// With AC_SCREENSHOT_DIR set, saves @p widget as it is.
    static void snapshot(QWidget &widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("AC_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    /// With AC_SCREENSHOT_DIR set, saves the main window as it is (to look at the screens).
    void snapshot(const QString &name)
    {
        const QString dir = qEnvironmentVariable("AC_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            m_window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    void createMandatEndToEnd()
    {
        startServerOrSkip();
        loginOrSkip();
        int actions = 0; // what the aidant and the usager do, from "Créer un mandat" to the PDF

        QTest::mouseClick(
            child<QPushButton>(page(QStringLiteral("HomePage")), QStringLiteral("createMandatPushButton")),
            Qt::LeftButton);
        ++actions;
        QPointer<MandatWizard> wizard = m_window->mandatWizard();
        QVERIFY(wizard);
        QTRY_VERIFY(wizard->isVisible());
        QCOMPARE(m_window->windowTitle(), QStringLiteral("Créer un mandat"));
        QTRY_VERIFY(QApplication::focusWidget()
            && wizard->demarchesPage()->isAncestorOf(QApplication::focusWidget()));
        const QStringList chosen { QStringLiteral("papiers"), QStringLiteral("transports"),
            QStringLiteral("argent") };
        for (const QString &code : chosen) {
            click(demarcheCheckBox(wizard, code));
            ++actions;
        }
        // Once laid out (word-wrapped labels settle after the first pass), no line is cut off.
        QTRY_VERIFY2(clippedLabels(wizard->demarchesPage()).isEmpty(),
            qPrintable(clippedLabels(wizard->demarchesPage()).join(u' ')));
        snapshot(QStringLiteral("1-demarches"));
        QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
        ++actions;
        click(durationRadio(wizard, QStringLiteral("LONG")));
        ++actions;
        snapshot(QStringLiteral("2-duree"));
        QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
        ++actions;

        // Step 3: the simulator's pages in the embedded browser, driven as the usager would.
        QTRY_COMPARE_WITH_TIMEOUT(
            wizard->currentId(), int(MandatWizard::FranceConnectPageId), kNetworkTimeoutMs);
        FranceConnectPage *fcPage = wizard->franceConnectPage();
        QVERIFY(fcPage->view());
        QVERIFY(fcPage->view()->hasFocus() || fcPage->view()->isAncestorOf(QApplication::focusWidget()));
        QPointer<QWebEngineProfile> profile = fcPage->view()->profile();
        QVERIFY(profile->isOffTheRecord());
        QVERIFY(widgetsWithoutAccessibleName(wizard).isEmpty());
        QVERIFY(waitForElement(fcPage, QStringLiteral("idp-impots")));
        snapshot(QStringLiteral("3-franceconnect"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape); // not a way out here
        QTest::qWait(200);
        QCOMPARE(wizard->currentId(), int(MandatWizard::FranceConnectPageId));
        QVERIFY(m_window->mandatWizard());
        runJavaScript(
            fcPage->view()->page(), QStringLiteral("document.getElementById('idp-impots').click()"));
        ++actions;
        QVERIFY(waitForElement(fcPage, QStringLiteral("password")));
        runJavaScript(fcPage->view()->page(),
            QStringLiteral("document.getElementById('login').value = 'test';"
                           "document.getElementById('password').value = '123';"
                           "document.getElementById('submit').click();"));
        actions += 3;

        // Identified: the recap comes by itself; the usager's browser is gone.
        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(MandatWizard::RecapPageId), kWebTimeoutMs);
        QTRY_VERIFY(!profile);
        QVERIFY(!fcPage->view());
        QCOMPARE(wizard->draft().usager.fullName(), kUsagerName);
        RecapPage *recap = wizard->recapPage();
        QVERIFY(child<QLabel>(recap, QStringLiteral("summaryLabel"))->text().contains(kUsagerName));
        QVERIFY(child<QLabel>(recap, QStringLiteral("argentWarningLabel"))->isVisible());
        QVERIFY(!child<QCheckBox>(recap, QStringLiteral("remoteConsentCheckBox"))->isVisible());
        click(child<QCheckBox>(recap, QStringLiteral("informationCheckBox")));
        ++actions;
        auto *code = child<QLineEdit>(recap, QStringLiteral("codeLineEdit"));
        QTest::keyClicks(code, m_server->nextCode(m_server->aidant()));
        ++actions;
        snapshot(QStringLiteral("4-recap"));
        // « Mes mandats » as the login's first sync left it (the next periodic sync is minutes away).
        SyncEngine *engine = m_window->mandatsController()->syncEngine();
        QVERIFY(engine);
        QCOMPARE(engine->interval(), SyncEngine::kDefaultIntervalMs);
        QTRY_VERIFY_WITH_TIMEOUT(!engine->isSyncing(), kNetworkTimeoutMs);
        const UsagersModel *listed = m_window->mandatsController()->mandatsPage()->usagersModel();
        const auto activeMandats = [listed] {
            int count = 0;
            for (const UsagerSummary &usager : listed->usagers())
                count += usager.activeMandats;
            return count;
        };
        const int activeBefore = activeMandats();
        QTest::mouseClick(wizard->button(QWizard::CommitButton), Qt::LeftButton);
        ++actions;

        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(MandatWizard::DonePageId), kNetworkTimeoutMs);
        // Signed: a sync at once brings the new mandat into « Mes mandats », done page still open.
        QTRY_COMPARE_WITH_TIMEOUT(activeMandats(), activeBefore + 1, kNetworkTimeoutMs);
        QCOMPARE(wizard->currentId(), int(MandatWizard::DonePageId));
        const MandatInfo mandat = wizard->mandat();
        QVERIFY(mandat.id > 0);
        QCOMPARE(mandat.usager.fullName(), kUsagerName);
        QCOMPARE(mandat.duration, QStringLiteral("LONG"));
        QVERIFY(!wizard->button(QWizard::BackButton)->isEnabled()
            || !wizard->button(QWizard::BackButton)->isVisible());
        QVERIFY(!wizard->button(QWizard::CancelButton)->isVisible());
        DonePage *done = wizard->donePage();
        snapshot(QStringLiteral("5-done"));
        QVERIFY(child<QLabel>(done, QStringLiteral("summaryLabel"))->text().contains(kUsagerName));
        QVERIFY(
            child<QLabel>(done, QStringLiteral("noticeLabel"))->text().contains(QStringLiteral("imprimer")));

        // "Enregistrer en PDF", the file dialog answered through the hook.
        QTemporaryDir pdfDir;
        const QString pdfPath = pdfDir.filePath(QStringLiteral("mandat.pdf"));
        wizard->setSaveFileNameHandler([&](QWidget *, const QString &suggested) {
            [&] { QVERIFY(!suggested.contains(QStringLiteral("DUBOIS"), Qt::CaseInsensitive)); }();
            return pdfPath;
        });
        QTest::mouseClick(child<QPushButton>(done, QStringLiteral("pdfPushButton")), Qt::LeftButton);
        actions += 2; // the button, then "Enregistrer" in the file dialog
        QVERIFY(child<QLabel>(done, QStringLiteral("messageLabel"))->isVisible());
        QVERIFY(QFileInfo(pdfPath).size() > 0);
        qInfo("user actions: %d", actions);

        const QString text = pdfText(pdfPath);
        QVERIFY2(text.contains(kUsagerName), qPrintable(text));
        for (const QString &demarche : chosen)
            QVERIFY2(
                text.contains(Demarches::find(demarche)->title, Qt::CaseInsensitive), qPrintable(demarche));
        QVERIFY(text.contains(MandatDurations::find(QStringLiteral("LONG"))->printed));
        QVERIFY(text.contains(QStringLiteral("1984")));

        // « Ajouter une traduction pour l'usager : » Arabe: printed after the French mandat, and
        // remembered for this usager on this workstation (docs/mandat-translations.md).
        auto *translation = child<QComboBox>(done, QStringLiteral("translationComboBox"));
        QCOMPARE(translation->currentData().toString(), QString());
        const int arabic = translation->findData(QStringLiteral("ar"));
        QVERIFY(arabic > 0);
        translation->setCurrentIndex(arabic);
        emit translation->activated(arabic);
        QString printed;
        wizard->setPreviewHandler(
            [&](const QTextDocument &document, QWidget *) { printed = document.toPlainText(); });
        QTest::mouseClick(child<QPushButton>(done, QStringLiteral("printPushButton")), Qt::LeftButton);
        const qsizetype banner = printed.indexOf(QStringLiteral("ترجمة ليست لها أي قيمة قانونية"));
        QVERIFY2(banner > printed.indexOf(QStringLiteral("Mandat pour réaliser des démarches")),
            qPrintable(printed.right(300)));
        QCOMPARE(Settings().mandatTranslation(mandat.usager.id), QStringLiteral("ar"));

        // Terminer: home again, the wizard gone.
        QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
        QTRY_VERIFY(page(QStringLiteral("HomePage"))->isVisible());
        QTRY_VERIFY(!wizard);
        QVERIFY(!m_window->mandatWizard());
    }

    void franceConnectCancelRetryAndWrongCode()
    {
        startServerOrSkip();
        loginOrSkip();
        QTest::mouseClick(
            child<QPushButton>(page(QStringLiteral("HomePage")), QStringLiteral("createMandatPushButton")),
            Qt::LeftButton);
        QPointer<MandatWizard> wizard = m_window->mandatWizard();
        QVERIFY(wizard);
        demarcheCheckBox(wizard, QStringLiteral("social"))->click();
        wizard->next();
        durationRadio(wizard, QStringLiteral("MONTH"))->click();
        child<QCheckBox>(wizard->dureePage(), QStringLiteral("remoteCheckBox"))->click();
        child<QCheckBox>(wizard->dureePage(), QStringLiteral("remoteConsentCheckBox"))->click();
        wizard->next();
        QTRY_COMPARE_WITH_TIMEOUT(
            wizard->currentId(), int(MandatWizard::FranceConnectPageId), kNetworkTimeoutMs);
        FranceConnectPage *fcPage = wizard->franceConnectPage();
        const QString firstDraft = wizard->draft().id;

        // The usager cancels on FranceConnect: the server's French message, and "Réessayer".
        QVERIFY(waitForElement(fcPage, QStringLiteral("cancel")));
        QPointer<QWebEngineProfile> firstProfile = fcPage->view()->profile();
        runJavaScript(fcPage->view()->page(), QStringLiteral("document.getElementById('cancel').click()"));
        auto *error = child<QLabel>(fcPage, QStringLiteral("errorLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kWebTimeoutMs);
        QVERIFY2(error->text().contains(QStringLiteral("annulé")), qPrintable(error->text()));
        QTRY_VERIFY(!firstProfile);
        auto *retry = child<QPushButton>(fcPage, QStringLiteral("retryPushButton"));
        QVERIFY(retry->isVisible());
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());

        // Réessayer: a new draft and a new private browser.
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(fcPage->view(), kNetworkTimeoutMs);
        QVERIFY(wizard->draft().id != firstDraft);
        QVERIFY(waitForElement(fcPage, QStringLiteral("idp-ameli")));
        QVERIFY(fcPage->view()->profile() != firstProfile.data());

        // The aidant's own « Annuler » stops the journey at once; « Réessayer » starts a new one.
        auto *cancel = child<QPushButton>(fcPage, QStringLiteral("cancelJourneyPushButton"));
        QVERIFY(cancel->isVisible());
        QPointer<QWebEngineProfile> secondProfile = fcPage->view()->profile();
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!fcPage->view());
        QTRY_VERIFY(!secondProfile);
        QVERIFY(
            child<QLabel>(fcPage, QStringLiteral("statusLabel"))->text().contains(QStringLiteral("annulée")));
        QVERIFY(retry->isVisible());
        QCOMPARE(QApplication::focusWidget(), retry);
        QTest::keyClick(retry, Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(fcPage->view(), kNetworkTimeoutMs);
        QVERIFY(waitForElement(fcPage, QStringLiteral("idp-ameli")));
        runJavaScript(fcPage->view()->page(), QStringLiteral("document.getElementById('idp-ameli').click()"));
        QVERIFY(waitForElement(fcPage, QStringLiteral("password")));
        runJavaScript(fcPage->view()->page(),
            QStringLiteral("document.getElementById('login').value = 'test';"
                           "document.getElementById('password').value = '123';"
                           "document.getElementById('submit').click();"));
        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(MandatWizard::RecapPageId), kWebTimeoutMs);

        // Remote: both consents.
        RecapPage *recap = wizard->recapPage();
        auto *information = child<QCheckBox>(recap, QStringLiteral("informationCheckBox"));
        auto *remoteConsent = child<QCheckBox>(recap, QStringLiteral("remoteConsentCheckBox"));
        QVERIFY(remoteConsent->isVisible());
        information->click();
        remoteConsent->click();

        // The session locks: nothing of the usager stays on screen; unlocked, the recap is back as left.
        m_window->session()->lock();
        QTRY_VERIFY(page(QStringLiteral("LockPage"))->isVisible());
        QVERIFY(!wizard->isVisible());
        for (QLabel *label : m_window->findChildren<QLabel *>()) {
            if (label->isVisible())
                QVERIFY2(!label->text().contains(QStringLiteral("DUBOIS")), qPrintable(label->text()));
        }
        QTest::keyClicks(
            child<QLineEdit>(page(QStringLiteral("LockPage")), QStringLiteral("unlockCodeLineEdit")),
            m_server->nextCode(m_server->aidant()));
        QTest::mouseClick(
            child<QPushButton>(page(QStringLiteral("LockPage")), QStringLiteral("unlockPushButton")),
            Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(wizard->isVisible(), kNetworkTimeoutMs);
        QCOMPARE(m_window->mandatWizard(), wizard.data());
        QCOMPARE(wizard->currentId(), int(MandatWizard::RecapPageId));
        QVERIFY(information->isChecked());
        QVERIFY(remoteConsent->isChecked());

        // A wrong code clears the code only.
        auto *code = child<QLineEdit>(recap, QStringLiteral("codeLineEdit"));
        QTest::keyClicks(code, wrongCode(m_server->aidant()));
        QTest::keyClick(code, Qt::Key_Return);
        auto *recapError = child<QLabel>(recap, QStringLiteral("errorLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(recapError->isVisible(), kNetworkTimeoutMs);
        QVERIFY(code->text().isEmpty());
        QVERIFY(information->isChecked());
        QVERIFY(remoteConsent->isChecked());
        QCOMPARE(wizard->currentId(), int(MandatWizard::RecapPageId));
        QCOMPARE(QApplication::focusWidget(), code);
        QTest::qWait(1100); // the server refuses any code for 1 s after a wrong one

        QTest::keyClicks(code, m_server->nextCode(m_server->aidant()));
        QTest::keyClick(code, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(MandatWizard::DonePageId), kNetworkTimeoutMs);
        QVERIFY(wizard->mandat().remote);
        QVERIFY(child<QLabel>(wizard->donePage(), QStringLiteral("summaryLabel"))
                    ->text()
                    .contains(QStringLiteral("Mandat réalisé à distance")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_T, Qt::AltModifier); // &Terminer
        QTRY_VERIFY(!wizard);
        QVERIFY(page(QStringLiteral("HomePage"))->isVisible());
    }

private:
    std::unique_ptr<MandatWizard> makeWizard(const QStringList &allowed)
    {
        m_api = std::make_unique<ApiClient>();
        m_api->setBaseUrl(unreachableUrl());
        auto wizard = std::make_unique<MandatWizard>(m_api.get(), sessionWith(allowed));
        wizard->resize(900, 700);
        wizard->show();
        QApplication::setActiveWindow(wizard.get());
        if (!QTest::qWaitForWindowActive(wizard.get()))
            qWarning("the wizard did not become active");
        return wizard;
    }

    void startServerOrSkip()
    {
        if (m_server)
            return;
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
            QSKIP("Node.js is not installed: the FranceConnect simulator cannot run");
        if (!QFileInfo::exists(FranceConnectSim::directory() + QStringLiteral("/server.mjs")))
            QSKIP("tools/franceconnect-sim/server.mjs is missing");
        TestServer::Options options;
        options.franceConnect = true;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        QVERIFY(m_configDir.isValid());
        QSettings user(m_configDir.filePath(QStringLiteral("user.conf")), QSettings::IniFormat);
        user.setValue(QStringLiteral("server_url"), m_server->baseUrl().toString());
        user.sync();
        Settings::setConfigDirOverride(m_configDir.path());
    }

    void loginOrSkip()
    {
        if (m_window && m_window->session()->isOpen())
            return;
        m_window = std::make_unique<MainWindow>();
        m_window->mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        const TestServer::Account aidant = m_server->aidant();
        QWidget *login = page(QStringLiteral("LoginPage"));
        QTest::keyClicks(child<QLineEdit>(login, QStringLiteral("emailLineEdit")), aidant.email);
        auto *code = child<QLineEdit>(login, QStringLiteral("codeLineEdit"));
        QTest::keyClicks(code, m_server->nextCode(aidant));
        QTest::keyClick(code, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->isOpen(), kNetworkTimeoutMs);
        if (!m_window->session()->info().cguAccepted()) {
            QTRY_VERIFY(page(QStringLiteral("CguPage"))->isVisible());
            child<QCheckBox>(page(QStringLiteral("CguPage")), QStringLiteral("acceptCheckBox"))
                ->setChecked(true);
            QTest::mouseClick(
                child<QPushButton>(page(QStringLiteral("CguPage")), QStringLiteral("validatePushButton")),
                Qt::LeftButton);
        }
        QTRY_VERIFY_WITH_TIMEOUT(page(QStringLiteral("HomePage"))->isVisible(), kNetworkTimeoutMs);
        QVERIFY(child<QPushButton>(page(QStringLiteral("HomePage")), QStringLiteral("createMandatPushButton"))
                    ->isEnabled());
    }

    QWidget *page(const QString &name) const { return child<QWidget>(m_window.get(), name); }

    /// The PDF's text, as pdftotext (poppler-utils) extracts it.
    static QString pdfText(const QString &path)
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            qFatal("pdftotext (poppler-utils) is needed");
        QProcess process;
        process.start(QStringLiteral("pdftotext"),
            { QStringLiteral("-enc"), QStringLiteral("UTF-8"), path, QStringLiteral("-") });
        process.waitForFinished(30000);
        // Lines are wrapped where the page wraps them: compare on single spaces.
        return QString::fromUtf8(process.readAllStandardOutput()).simplified();
    }

    /// A code different from those valid around now.
    static QString wrongCode(const TestServer::Account &account)
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QStringList valid;
        for (int step = -3; step <= 3; ++step)
            valid << TestServer::codeFor(account, now + qint64(step) * account.stepSeconds);
        for (int candidate = 0;; candidate += 111111) {
            const QString code = QStringLiteral("%1").arg(candidate % 1000000, 6, 10, QLatin1Char('0'));
            if (!valid.contains(code))
                return code;
        }
    }

    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_configDir;
    std::unique_ptr<MainWindow> m_window;
};

int main(int argc, char *argv[])
{
    // Chromium refuses to run as root with its sandbox; the tests run in containers as root.
    if (qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    // As in app/main.cpp: Qt WebEngine needs shared OpenGL contexts, set before the application.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    Q_INIT_RESOURCE(aidants_connect); // ac_gui's resources (the style sheet), as MainWindow does
    TestMandatWizard test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "testMandatWizard.moc"
